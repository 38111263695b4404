import { describe, expect, it } from 'vitest';
import { levelFromSamples } from '../../../../../renderer/src/ui/call/audio-level.js';
import {
  qualityBars,
  qualityDetails,
  qualityLabel,
} from '../../../../../renderer/src/ui/call/quality-text.js';

describe('call quality words', () => {
  it('names the indicator by level, or says it is measuring', () => {
    expect(qualityLabel({ level: 'good' })).toBe('Call quality: good');
    expect(qualityLabel({ level: 'poor' })).toBe('Call quality: poor');
    expect(qualityLabel(undefined)).toBe('Call quality: measuring');
  });

  it('lights three, two or one bar', () => {
    expect([
      qualityBars({ level: 'good' }),
      qualityBars({ level: 'fair' }),
      qualityBars({ level: 'poor' }),
    ]).toEqual([3, 2, 1]);
    expect(qualityBars(undefined)).toBe(0);
  });

  it('puts the numbers in the tooltip', () => {
    expect(qualityDetails({ level: 'good', rttMs: 12, jitterMs: 3.1, lossPercent: 0, mos: 4.41 })).toBe(
      'Round trip 12 ms · Jitter 3.1 ms · Loss 0 % · MOS 4.4',
    );
    expect(qualityDetails({ level: 'fair' })).toBe('Call quality: fair');
    expect(qualityDetails(undefined)).toBe('Measuring call quality…');
  });
});

describe('meter level', () => {
  it('is 0 for silence and grows with the signal on a log scale', () => {
    expect(levelFromSamples(new Float32Array(512))).toBe(0);
    const quiet = levelFromSamples(new Float32Array(512).fill(0.01)); // −40 dBFS
    const loud = levelFromSamples(new Float32Array(512).fill(0.3)); // ≈ −10 dBFS
    expect(quiet).toBeCloseTo(0.4, 5);
    expect(loud).toBeGreaterThan(0.95);
    expect(levelFromSamples(new Float32Array(512).fill(1))).toBe(1);
  });
});
