import { describe, expect, it } from 'vitest';
import {
  OggOpusWriter,
  OPUS_SILENCE_FRAME,
  opusPacketSamples,
} from '../../../../server/src/mail/ogg-opus-writer.js';
import { GreetingError, parseGreeting } from '../../../../server/src/voicemail/voicemail-greeting.js';
import { opusPeaks } from '../../../../server/src/voicemail/voicemail-peaks.js';

/** A 20 ms CELT packet (TOC config 31, code 0) of `bytes` bytes. */
const packet = (bytes: number): Buffer => Buffer.concat([Buffer.from([0xf8]), Buffer.alloc(bytes - 1, 1)]);
/** A 60 ms SILK packet (TOC config 3). */
const packet60 = (bytes: number): Buffer => Buffer.concat([Buffer.from([0x18]), Buffer.alloc(bytes - 1, 1)]);

function ogg(packets: readonly Buffer[]): Buffer {
  const writer = new OggOpusWriter();
  let timestamp = 0;
  for (const p of packets) {
    writer.write(p, timestamp);
    timestamp += opusPacketSamples(p);
  }
  return writer.finish();
}

describe('opusPeaks (levels from VBR packet sizes)', () => {
  it('is 0 for silence, 1 for the loudest slice, and scales in between', () => {
    const packets = [
      ...Array.from({ length: 32 }, () => OPUS_SILENCE_FRAME),
      ...Array.from({ length: 32 }, () => packet(20)),
      ...Array.from({ length: 32 }, () => packet(60)),
      ...Array.from({ length: 32 }, () => packet(100)),
    ];
    const peaks = opusPeaks(packets, 64);
    expect(peaks).toHaveLength(64);
    expect(peaks.slice(0, 16).every((p) => p === 0)).toBe(true);
    expect(peaks.slice(16, 32).every((p) => p === 0)).toBe(true); // the quietest audible packets are the floor
    expect(peaks.slice(32, 48).every((p) => p === 0.5)).toBe(true);
    expect(peaks.slice(48).every((p) => p === 1)).toBe(true);
  });

  it('draws constant-bitrate audio flat and has one peak per packet for short recordings', () => {
    expect(opusPeaks([packet(40), packet(40), OPUS_SILENCE_FRAME], 64)).toEqual([0.5, 0.5, 0]);
    expect(opusPeaks([], 64)).toEqual([]);
  });
});

describe('parseGreeting', () => {
  it('accepts Ogg Opus of one frame size and reports it', () => {
    const g = parseGreeting(ogg(Array.from({ length: 50 }, () => packet60(80))));
    expect(g.frameMs).toBe(60);
    expect(g.durationMs).toBe(3000);
  });

  it('refuses what the agent could not play', () => {
    expect(() => parseGreeting(Buffer.from('RIFF....WAVE'))).toThrow(GreetingError);
    expect(() => parseGreeting(ogg([packet(30)]))).toThrow(/too short/);
    expect(() =>
      parseGreeting(ogg([...Array.from({ length: 30 }, () => packet(30)), packet60(30), packet(30)])),
    ).toThrow(/one size/);
    expect(() => parseGreeting(ogg(Array.from({ length: 3100 }, () => packet(10))))).toThrow(/at most 60 s/);
  });
});
