import { describe, expect, it } from 'vitest';
import {
  assessCallQuality,
  intervalLossPercent,
  levelForMos,
  mosFromR,
  rFactor,
  sameQuality,
} from '../../../../renderer/src/engine/call-quality.js';
import { sampleFromReports } from '../../../../renderer/src/engine/web/read-web-call-stats.js';

describe('E-model lite', () => {
  it('maps R to MOS per G.107 Annex B', () => {
    expect(mosFromR(0)).toBe(1);
    expect(mosFromR(100)).toBe(4.5);
    expect(mosFromR(93.2)).toBeCloseTo(4.41, 2);
    expect(mosFromR(80)).toBeCloseTo(4.02, 2);
    expect(mosFromR(70)).toBeCloseTo(3.6, 1);
    expect(mosFromR(50)).toBeCloseTo(2.58, 2);
  });

  it('charges delay gently below 160 ms effective latency and steeply above', () => {
    expect(rFactor(0, 0, 0)).toBeCloseTo(93.2 - 10 / 40, 5);
    expect(rFactor(100, 5, 0)).toBeCloseTo(93.2 - 70 / 40, 5);
    // 400 ms RTT + 20 ms jitter: Le = 200 + 40 + 10 = 250 ms → Id = 13
    expect(rFactor(400, 20, 0)).toBeCloseTo(93.2 - 13, 5);
  });

  it('charges 2.5 R points per percent of loss and clamps at 0', () => {
    expect(rFactor(0, 0, 4)).toBeCloseTo(93.2 - 0.25 - 10, 5);
    expect(rFactor(0, 0, 100)).toBe(0);
  });

  it('levels: good ≥ 4.0, fair ≥ 3.1, poor below', () => {
    expect(levelForMos(4.4)).toBe('good');
    expect(levelForMos(4.0)).toBe('good');
    expect(levelForMos(3.99)).toBe('fair');
    expect(levelForMos(3.1)).toBe('fair');
    expect(levelForMos(3.09)).toBe('poor');
  });
});

describe('interval loss', () => {
  it('uses the counter deltas, not the totals', () => {
    const previous = { at: 0, packetsReceived: 1000, packetsLost: 100 };
    expect(intervalLossPercent({ at: 2000, packetsReceived: 1190, packetsLost: 110 }, previous)).toBeCloseTo(
      5,
      5,
    );
  });

  it('takes the worse of our loss and what the peer reports losing of our stream', () => {
    const previous = { at: 0, packetsReceived: 0, packetsLost: 0 };
    expect(
      intervalLossPercent(
        { at: 2000, packetsReceived: 200, packetsLost: 0, remoteFractionLost: 0.1 },
        previous,
      ),
    ).toBe(10);
    expect(intervalLossPercent({ at: 2000, remoteFractionLost: 0.02 })).toBe(2);
    expect(intervalLossPercent({ at: 2000, packetsReceived: 95, packetsLost: 5 })).toBe(5); // since the start
    expect(intervalLossPercent({ at: 2000, packetsReceived: 0 })).toBeUndefined();
    // The first reading of a call often comes before the first packet (no inbound stream yet).
    expect(intervalLossPercent({ at: 2000, packetsReceived: 190, packetsLost: 10 }, { at: 0 })).toBe(5);
    expect(intervalLossPercent({ at: 2000 })).toBeUndefined();
  });
});

describe('assessCallQuality', () => {
  it('is good on a clean loopback call', () => {
    const q = assessCallQuality(
      {
        at: 2000,
        packetsReceived: 200,
        packetsLost: 0,
        jitterMs: 1.2,
        rttMs: 0.4,
        audioLevelIn: 0.31,
        audioLevelOut: 0.2,
      },
      { at: 0, packetsReceived: 0, packetsLost: 0 },
    );
    expect(q).toEqual({
      level: 'good',
      mos: 4.4,
      rttMs: 0,
      jitterMs: 1.2,
      lossPercent: 0,
      audioLevelIn: 0.31,
      audioLevelOut: 0.2,
    });
  });

  it('is fair at 10 % loss and poor at 20 %', () => {
    const previous = { at: 0, packetsReceived: 0, packetsLost: 0 };
    expect(
      assessCallQuality({ at: 2000, packetsReceived: 180, packetsLost: 20, rttMs: 40 }, previous)?.level,
    ).toBe('fair');
    expect(
      assessCallQuality({ at: 2000, packetsReceived: 160, packetsLost: 40, rttMs: 40 }, previous)?.level,
    ).toBe('poor');
  });

  it('is poor with a long delay even without loss', () => {
    const q = assessCallQuality(
      { at: 2000, packetsReceived: 200, packetsLost: 0, rttMs: 900, jitterMs: 60 },
      { at: 0, packetsReceived: 0 },
    );
    expect(q?.level).toBe('poor');
  });

  it('is poor with 100 % loss when no packet arrived for an interval (media stopped)', () => {
    const q = assessCallQuality(
      { at: 4000, packetsReceived: 300, rttMs: 1 },
      { at: 2000, packetsReceived: 300 },
    );
    expect(q).toMatchObject({ level: 'poor', lossPercent: 100, mos: 1 });
  });

  it('says nothing before the first packet or without any measure', () => {
    expect(assessCallQuality({ at: 0, packetsReceived: 0, rttMs: 1 })).toBeUndefined();
    expect(assessCallQuality({ at: 0 })).toBeUndefined();
  });

  it('compares qualities by value', () => {
    expect(sameQuality({ level: 'good', rttMs: 1 }, { level: 'good', rttMs: 1 })).toBe(true);
    expect(sameQuality({ level: 'good', rttMs: 1 }, { level: 'good', rttMs: 2 })).toBe(false);
    expect(sameQuality({ level: 'good' }, { level: 'good', rttMs: 2 })).toBe(false);
    expect(sameQuality(undefined, undefined)).toBe(true);
  });
});

describe('reading Chromium getStats() reports', () => {
  it('picks inbound audio, the selected pair RTT, the peer-reported loss and both audio levels', () => {
    const sample = sampleFromReports(
      [
        {
          type: 'inbound-rtp',
          id: 'IT01',
          kind: 'audio',
          packetsReceived: 512,
          packetsLost: 3,
          jitter: 0.004,
          audioLevel: 0.25,
        },
        { type: 'inbound-rtp', id: 'IT02', kind: 'video', packetsReceived: 99999 },
        { type: 'remote-inbound-rtp', id: 'RI01', kind: 'audio', roundTripTime: 0.05, fractionLost: 0.01 },
        { type: 'media-source', id: 'SA01', kind: 'audio', audioLevel: 0.5 },
        { type: 'transport', id: 'T01', selectedCandidatePairId: 'CP2' },
        { type: 'candidate-pair', id: 'CP1', nominated: true, state: 'succeeded', currentRoundTripTime: 0.9 },
        {
          type: 'candidate-pair',
          id: 'CP2',
          nominated: true,
          state: 'succeeded',
          currentRoundTripTime: 0.002,
        },
      ],
      1234,
    );
    expect(sample).toEqual({
      at: 1234,
      packetsReceived: 512,
      packetsLost: 3,
      jitterMs: 4,
      rttMs: 2,
      remoteFractionLost: 0.01,
      audioLevelIn: 0.25,
      audioLevelOut: 0.5,
    });
  });

  it('falls back to the RTCP round-trip time and leaves out what is missing', () => {
    const sample = sampleFromReports(
      [{ type: 'remote-inbound-rtp', id: 'RI01', kind: 'audio', roundTripTime: 0.03 }],
      1,
    );
    expect(sample).toEqual({ at: 1, rttMs: 30 });
  });
});
