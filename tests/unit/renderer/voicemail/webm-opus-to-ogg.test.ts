import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOggOpus } from '../../../../server/src/mail/ogg-opus-reader.js';
import {
  demuxWebmOpus,
  RemuxError,
  webmOpusToOgg,
} from '../../../../renderer/src/voicemail/webm-opus-to-ogg.js';

// A tiny EBML writer, enough to build what Chromium's MediaRecorder writes (RFC 8794, Matroska IDs).
const UNKNOWN = -1;
function idBytes(id: number): number[] {
  const out: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return out;
}
function sizeBytes(size: number): number[] {
  if (size === UNKNOWN) return [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  if (size < 0x7f) return [0x80 | size];
  return [0x40 | (size >> 8), size & 0xff];
}
function el(id: number, body: number[] | Uint8Array, size = body.length): number[] {
  return [...idBytes(id), ...sizeBytes(size), ...body];
}
const ascii = (s: string) => [...Buffer.from(s, 'ascii')];

function opusHead(channels: number, preSkip: number): number[] {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head[8] = 1;
  head[9] = channels;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  return [...head];
}

/** 20 ms CELT packets (TOC config 31, code 0) with distinct bodies; one with a body ≥ 255 bytes. */
function packets(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) =>
    Uint8Array.from([0xf8, i & 0xff, ...new Array<number>(i === 3 ? 300 : 20).fill(i & 0xff)]),
  );
}

function webm(audio: Uint8Array[], options: { withVideoTrack?: boolean } = {}): Uint8Array {
  const simpleBlock = (track: number, p: Uint8Array, t: number) =>
    el(0xa3, [0x80 | track, (t >> 8) & 0xff, t & 0xff, 0x80, ...p]);
  const tracks = el(0x1654ae6b, [
    ...(options.withVideoTrack ? el(0xae, [...el(0xd7, [2]), ...el(0x86, ascii('V_VP8'))]) : []),
    ...el(0xae, [...el(0xd7, [1]), ...el(0x86, ascii('A_OPUS')), ...el(0x63a2, opusHead(1, 312))]),
  ]);
  const half = Math.ceil(audio.length / 2);
  const cluster = (list: Uint8Array[], start: number) =>
    el(
      0x1f43b675,
      [
        ...el(0xe7, [0]),
        ...list.flatMap((p, i) => [
          ...simpleBlock(1, p, (start + i) * 20),
          ...(options.withVideoTrack ? simpleBlock(2, Uint8Array.from([1, 2, 3]), i) : []),
        ]),
      ],
      UNKNOWN,
    );
  const segment = el(
    0x18538067,
    [
      ...el(0x1549a966, [...el(0x2ad7b1, [0x0f, 0x42, 0x40])]), // Info / TimecodeScale
      ...tracks,
      ...cluster(audio.slice(0, half), 0),
      // The rest as BlockGroup → Block, as some muxers write.
      ...el(
        0x1f43b675,
        [...el(0xe7, [0]), ...audio.slice(half).flatMap((p, i) => el(0xa0, el(0xa1, [0x81, 0, i, 0, ...p])))],
        UNKNOWN,
      ),
    ],
    UNKNOWN,
  );
  return Uint8Array.from([...el(0x1a45dfa3, [...el(0x4282, ascii('webm'))]), ...segment]);
}

describe('WebM Opus → Ogg Opus remux', () => {
  it('moves every Opus packet unchanged into a valid Ogg Opus file with the right duration', () => {
    const audio = packets(120); // 2.4 s
    const { ogg, durationMs } = webmOpusToOgg(webm(audio));
    const parsed = readOggOpus(ogg); // checks capture patterns and every page CRC
    expect(parsed.channels).toBe(1);
    expect(parsed.preSkip).toBe(312);
    expect(parsed.packets.map((p) => [...p])).toEqual(audio.map((p) => [...p]));
    expect(parsed.lastGranule).toBe(312 + 120 * 960);
    expect(durationMs).toBe(Math.round((120 * 960 - 312) / 48));
    // BOS on the first page, EOS on the last (RFC 3533 §6).
    expect(ogg[5]).toBe(0x02);
    let last = 0;
    for (let at = 0; at < ogg.length;) {
      last = at;
      const segments = ogg[at + 26]!;
      let body = 0;
      for (let i = 0; i < segments; i++) body += ogg[at + 27 + i]!;
      at += 27 + segments + body;
    }
    expect(ogg[last + 5]! & 0x04).toBe(0x04);
  });

  it('keeps only the Opus track when the file has others', () => {
    const audio = packets(10);
    expect(demuxWebmOpus(webm(audio, { withVideoTrack: true })).packets).toHaveLength(10);
  });

  it('refuses what is not WebM Opus', () => {
    expect(() => webmOpusToOgg(Uint8Array.from([0x1a, 0x45]))).toThrow(RemuxError);
    expect(() => webmOpusToOgg(Uint8Array.from(el(0x1a45dfa3, ascii('x'))))).toThrow(RemuxError);
  });

  it('what it writes is decodable by opusdec (the reference decoder)', () => {
    let hasOpusdec = true;
    try {
      execFileSync('opusdec', ['--version'], { stdio: 'ignore' });
    } catch {
      hasOpusdec = false;
    }
    expect(hasOpusdec, 'opus-tools (opusdec) is installed on this machine').toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-remux-'));
    try {
      const { ogg } = webmOpusToOgg(webm(packets(50)));
      fs.writeFileSync(path.join(dir, 'x.ogg'), ogg);
      execFileSync('opusdec', ['--quiet', path.join(dir, 'x.ogg'), path.join(dir, 'x.wav')]);
      const wav = fs.statSync(path.join(dir, 'x.wav')).size;
      // 1 s of 48 kHz 16-bit mono minus pre-skip, plus a 44-byte header.
      expect(Math.abs(wav - 44 - (50 * 960 - 312) * 2)).toBeLessThan(2_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
