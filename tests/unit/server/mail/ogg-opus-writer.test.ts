import { describe, expect, it } from 'vitest';
import {
  OggOpusWriter,
  opusPacketSamples,
  OPUS_SILENCE_FRAME,
} from '../../../../server/src/mail/ogg-opus-writer.js';
import { readOggOpus } from '../../../../server/src/mail/ogg-opus-reader.js';
import { decodeOpus, dominantFrequency, makeToneOpus, rms } from '../../../support/mail/audio-tools.js';

describe('opusPacketSamples (RFC 6716 §3.1)', () => {
  it('reads frame size and count from the TOC byte', () => {
    expect(opusPacketSamples(OPUS_SILENCE_FRAME)).toBe(960); // CELT FB 20 ms, 1 frame
    expect(opusPacketSamples(Uint8Array.of(0x08 | 0x01))).toBe(1920); // SILK NB 20 ms, 2 frames
    expect(opusPacketSamples(Uint8Array.of(0xfb, 0x03))).toBe(2880); // CELT 20 ms, code 3, 3 frames
    expect(opusPacketSamples(new Uint8Array())).toBe(0);
  });
});

describe('OggOpusWriter (RFC 7845)', () => {
  it('writes a file opusdec plays back with the tone, the gaps filled, and the right length', async () => {
    const source = readOggOpus(await makeToneOpus(1000, 2));
    expect(source.packets.length).toBeGreaterThanOrEqual(100);
    const packets = source.packets.slice(0, 100);
    const writer = new OggOpusWriter({ comments: ['TITLE=test'] });
    let ts = 123_456_789;
    packets.forEach((packet, i) => {
      // 500 ms of packets lost after the first second: the RTP clock keeps running.
      if (i === 50) ts += 24_000;
      writer.write(packet, ts >>> 0);
      ts += 960;
    });
    writer.write(source.packets[10]!, 0); // a stale packet from long ago is not "time travel"
    writer.padTo(48_000 * 3); // wall clock says 3 s: silent tail
    expect(writer.durationMs).toBe(3000);
    const file = writer.finish();

    const parsed = readOggOpus(file); // CRCs and structure check out
    expect(parsed.durationMs).toBe(3000);
    const audio = await decodeOpus(file);
    expect(Math.abs(audio.durationMs - 3000)).toBeLessThan(25);
    const slice = (fromMs: number, toMs: number) => audio.samples.subarray(fromMs * 48, toMs * 48);
    expect(dominantFrequency(slice(100, 900), 48000, [440, 1000, 2000]).frequency).toBe(1000);
    expect(rms(slice(100, 900))).toBeGreaterThan(0.1);
    expect(rms(slice(1100, 1400))).toBeLessThan(0.01); // the filled gap is silence
    expect(dominantFrequency(slice(1600, 2400), 48000, [440, 1000, 2000]).frequency).toBe(1000);
    expect(rms(slice(2600, 2950))).toBeLessThan(0.01); // the padded tail is silence
  });

  it('keeps one minute of voice-rate Opus under 300 kB', async () => {
    const source = readOggOpus(await makeToneOpus(440, 60, 32));
    const writer = new OggOpusWriter();
    source.packets.slice(0, 3000).forEach((p, i) => writer.write(p, i * 960));
    const file = writer.finish();
    expect(file.length).toBeLessThan(300_000);
    expect(readOggOpus(file).durationMs).toBe(60_000);
  });

  it('ends a stream with no audio validly', () => {
    const parsed = readOggOpus(new OggOpusWriter().finish());
    expect(parsed.packets.length).toBe(0);
    expect(parsed.durationMs).toBe(0);
  });
});
