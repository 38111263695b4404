/**
 * Reads the Opus packets out of an Ogg Opus file (RFC 7845 on the Ogg framing of RFC 3533).
 *
 * An Ogg page is `OggS`, version, header type, granule position (8), serial (4), sequence (4),
 * CRC (4), segment count, the lacing table, then the segments. A packet is the concatenation of
 * segments up to the first segment shorter than 255 bytes, and may span pages (RFC 3533 §6).
 * The first two packets are the `OpusHead` and `OpusTags` headers (RFC 7845 §5); the rest are audio.
 */

export interface OggOpusFile {
  /** Channel count from `OpusHead` (RFC 7845 §5.1). */
  readonly channels: number;
  /** Samples (at 48 kHz) to drop at the start (RFC 7845 §4.2). */
  readonly preSkip: number;
  /** The audio packets in order, each one Opus packet (RFC 6716), ready to be an RTP payload (RFC 7587). */
  readonly packets: readonly Buffer[];
}

const CAPTURE = Buffer.from('OggS', 'latin1');

/** Splits Ogg pages into packets. Throws on a malformed page. */
export function readOggPackets(data: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let pending: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (data.length - offset < 27 || !data.subarray(offset, offset + 4).equals(CAPTURE)) {
      throw new Error(`Not an Ogg page at byte ${offset}`);
    }
    const segmentCount = data[offset + 26]!;
    const lacing = data.subarray(offset + 27, offset + 27 + segmentCount);
    let cursor = offset + 27 + segmentCount;
    for (const size of lacing) {
      if (cursor + size > data.length) throw new Error('Truncated Ogg page');
      pending.push(data.subarray(cursor, cursor + size));
      cursor += size;
      if (size < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    offset = cursor;
  }
  return packets;
}

/** Parses an Ogg Opus file: checks the headers and returns the audio packets. */
export function readOggOpus(data: Buffer): OggOpusFile {
  const [head, tags, ...audio] = readOggPackets(data);
  if (!head || head.length < 19 || head.toString('latin1', 0, 8) !== 'OpusHead') {
    throw new Error('Missing OpusHead (RFC 7845 §5.1)');
  }
  if (!tags || tags.toString('latin1', 0, 8) !== 'OpusTags') {
    throw new Error('Missing OpusTags (RFC 7845 §5.2)');
  }
  return { channels: head[9]!, preSkip: head.readUInt16LE(10), packets: audio.filter((p) => p.length > 0) };
}
