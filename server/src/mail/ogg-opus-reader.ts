/**
 * Reads the Opus packets out of an Ogg Opus file (RFC 7845, RFC 3533 §6), e.g. the greeting asset
 * made by `opusenc --framesize 20`, so an agent can send them over RTP without decoding.
 */
import { oggCrc32 } from './ogg-page.js';
import { opusPacketSamples } from './ogg-opus-writer.js';

export interface OggOpusContent {
  readonly channels: number;
  readonly preSkip: number;
  /** Audio packets in order (OpusHead and OpusTags removed). */
  readonly packets: readonly Buffer[];
  /** Granule position of the last page (48 kHz samples, including pre-skip). */
  readonly lastGranule: number;
  /** Playable duration in ms: (last granule − pre-skip) / 48 (RFC 7845 §4). */
  readonly durationMs: number;
}

/** Parses a whole Ogg Opus file (single logical stream). Throws on a bad page or CRC. */
export function readOggOpus(file: Uint8Array): OggOpusContent {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  let at = 0;
  let lastGranule = 0;
  while (at < buf.length) {
    if (buf.toString('ascii', at, at + 4) !== 'OggS') throw new Error(`Ogg: no capture pattern at ${at}`);
    const segments = buf.readUInt8(at + 26);
    const lacing = buf.subarray(at + 27, at + 27 + segments);
    const bodyLength = lacing.reduce((sum, v) => sum + v, 0);
    const end = at + 27 + segments + bodyLength;
    if (end > buf.length) throw new Error('Ogg: truncated page');
    const page = Buffer.from(buf.subarray(at, end));
    const crc = page.readUInt32LE(22);
    page.writeUInt32LE(0, 22);
    if (oggCrc32(page) !== crc) throw new Error(`Ogg: bad CRC at ${at}`);
    const granule = buf.readBigInt64LE(at + 6);
    if (granule >= 0n) lastGranule = Number(granule);
    let bodyAt = at + 27 + segments;
    for (const value of lacing) {
      partial.push(buf.subarray(bodyAt, bodyAt + value));
      bodyAt += value;
      if (value < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    at = end;
  }
  const [head, tags, ...audio] = packets;
  if (!head || head.toString('ascii', 0, 8) !== 'OpusHead') throw new Error('Ogg: not an Opus stream');
  if (!tags || tags.toString('ascii', 0, 8) !== 'OpusTags') throw new Error('Ogg: missing OpusTags');
  const preSkip = head.readUInt16LE(10);
  return {
    channels: head.readUInt8(9),
    preSkip,
    packets: audio,
    lastGranule,
    durationMs: Math.max(0, Math.round((lastGranule - preSkip) / 48)),
  };
}

/** Total 48 kHz samples of the packets (what their RTP timestamps advance by). */
export function totalSamples(packets: readonly Uint8Array[]): number {
  return packets.reduce((sum, p) => sum + opusPacketSamples(p), 0);
}
