/**
 * WebM (Matroska) Opus → Ogg Opus, without transcoding: the Opus packets are moved from one container
 * to the other. Chromium's MediaRecorder records audio only as WebM (`audio/ogg` is not supported there,
 * checked in Chromium 156), and the service takes greetings as Ogg Opus (RFC 7845), so the client remuxes.
 *
 * WebM side (Matroska EBML, RFC 8794 for EBML; element IDs from the Matroska spec):
 *   EBML header · Segment (size often "unknown" from a live recorder) → Tracks → TrackEntry
 *   (CodecID "A_OPUS", CodecPrivate = the OpusHead, RFC 7845 §5.1) · Cluster → SimpleBlock | BlockGroup → Block
 * Ogg side (RFC 3533 pages, RFC 7845 mapping): OpusHead page (BOS), OpusTags page, audio pages whose
 * granule position = pre-skip + 48 kHz samples completed on the page, last page EOS.
 */

// Matroska element IDs (with their length-marker bits, as written).
const ID = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  cluster: 0x1f43b675,
  blockGroup: 0xa0,
  block: 0xa1,
  simpleBlock: 0xa3,
} as const;
/** Masters we step into instead of skipping (their size may be unknown). */
const DESCEND = new Set<number>([ID.segment, ID.tracks, ID.trackEntry, ID.cluster, ID.blockGroup]);

export class RemuxError extends Error {
  override readonly name = 'RemuxError';
}

interface Vint {
  readonly value: number;
  readonly length: number;
  readonly unknown: boolean;
}

/** An EBML variable-size integer (RFC 8794 §4). `keepMarker` for element IDs. */
function readVint(bytes: Uint8Array, at: number, keepMarker: boolean): Vint {
  const first = bytes[at];
  if (first === undefined) throw new RemuxError('WebM: unexpected end of data');
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8) throw new RemuxError('WebM: invalid variable-size integer');
  if (at + length > bytes.length) throw new RemuxError('WebM: unexpected end of data');
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const b = bytes[at + i]!;
    value = value * 256 + b;
    if (b !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

/** Number of 48 kHz samples in an Opus packet (RFC 6716 §3.1–3.2), 0 when malformed. */
export function opusPacketSamples(packet: Uint8Array): number {
  const toc = packet[0];
  if (toc === undefined) return 0;
  const config = toc >> 3;
  const perFrame =
    config < 12
      ? [480, 960, 1920, 2880][config % 4]!
      : config < 16
        ? [480, 960][config % 2]!
        : [120, 240, 480, 960][config % 4]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  const total = frames * perFrame;
  return total > 5760 ? 0 : total;
}

export interface WebmOpus {
  /** The OpusHead from CodecPrivate (or a default mono one). */
  readonly head: Uint8Array;
  readonly packets: readonly Uint8Array[];
}

/** Extracts the Opus track's packets from a WebM file. */
export function demuxWebmOpus(bytes: Uint8Array): WebmOpus {
  let at = 0;
  let opusTrack: number | undefined;
  let head: Uint8Array | undefined;
  let entry: { number?: number; codec?: string; priv?: Uint8Array } = {};
  const packets: Uint8Array[] = [];
  const finishEntry = (): void => {
    if (entry.codec === 'A_OPUS' && entry.number !== undefined && opusTrack === undefined) {
      opusTrack = entry.number;
      head = entry.priv;
    }
  };

  while (at < bytes.length) {
    const id = readVint(bytes, at, true);
    const size = readVint(bytes, at + id.length, false);
    const dataAt = at + id.length + size.length;
    if (id.value === ID.trackEntry) {
      finishEntry();
      entry = {};
    }
    if (DESCEND.has(id.value)) {
      at = dataAt;
      continue;
    }
    if (size.unknown) throw new RemuxError('WebM: element of unknown size');
    const end = dataAt + size.value;
    if (end > bytes.length) break; // a truncated tail (recorder stopped mid-write): keep what we have
    const data = bytes.subarray(dataAt, end);
    switch (id.value) {
      case ID.trackNumber:
        entry.number = data.reduce((n, b) => n * 256 + b, 0);
        break;
      case ID.codecId:
        entry.codec = new TextDecoder().decode(data).replace(/\0+$/, '');
        break;
      case ID.codecPrivate:
        entry.priv = data.slice();
        break;
      case ID.simpleBlock:
      case ID.block: {
        finishEntry();
        const track = readVint(data, 0, false);
        const flags = data[track.length + 2] ?? 0;
        if ((flags >> 1) & 3) throw new RemuxError('WebM: laced blocks are not supported');
        if (opusTrack === undefined || track.value === opusTrack) {
          const packet = data.slice(track.length + 3);
          if (opusPacketSamples(packet) > 0) packets.push(packet);
        }
        break;
      }
      default:
        break;
    }
    at = end;
  }
  finishEntry();
  if (opusTrack === undefined && packets.length === 0) throw new RemuxError('WebM: no Opus audio found');
  const validHead =
    head && head.length >= 19 && new TextDecoder().decode(head.subarray(0, 8)) === 'OpusHead'
      ? head
      : undefined;
  return { head: validHead ?? defaultOpusHead(), packets };
}

function defaultOpusHead(): Uint8Array {
  const head = new Uint8Array(19);
  head.set(new TextEncoder().encode('OpusHead'));
  const view = new DataView(head.buffer);
  head[8] = 1; // version
  head[9] = 1; // channels
  view.setUint16(10, 312, true); // pre-skip
  view.setUint32(12, 48_000, true);
  return head;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** One Ogg page (RFC 3533 §6) holding whole packets; CRC-32 poly 0x04C11DB7 over the page. */
function oggPage(
  packets: readonly Uint8Array[],
  granule: number,
  serial: number,
  seq: number,
  flags: number,
) {
  const lacing: number[] = [];
  for (const p of packets) {
    let left = p.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const bodyLength = packets.reduce((n, p) => n + p.length, 0);
  const page = new Uint8Array(27 + lacing.length + bodyLength);
  const view = new DataView(page.buffer);
  page.set([0x4f, 0x67, 0x67, 0x53], 0); // "OggS"
  page[5] = flags;
  view.setBigUint64(6, BigInt(granule), true);
  view.setUint32(14, serial, true);
  view.setUint32(18, seq, true);
  page[26] = lacing.length;
  page.set(lacing, 27);
  let at = 27 + lacing.length;
  for (const p of packets) {
    page.set(p, at);
    at += p.length;
  }
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  view.setUint32(22, crc, true);
  return page;
}

export interface OggOpusResult {
  readonly ogg: Uint8Array;
  /** Audio length in milliseconds (without pre-skip). */
  readonly durationMs: number;
}

/** Writes an Ogg Opus file from an OpusHead and Opus packets. */
export function writeOggOpus(
  head: Uint8Array,
  packets: readonly Uint8Array[],
  serial = 0x5061726c,
): OggOpusResult {
  const preSkip = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint16(10, true);
  const vendor = new TextEncoder().encode('parley');
  const tags = new Uint8Array(8 + 4 + vendor.length + 4);
  tags.set(new TextEncoder().encode('OpusTags'));
  new DataView(tags.buffer).setUint32(8, vendor.length, true);
  tags.set(vendor, 12);
  const pages: Uint8Array[] = [oggPage([head], 0, serial, 0, 0x02), oggPage([tags], 0, serial, 1, 0)];
  let seq = 2;
  let samples = 0;
  let batch: Uint8Array[] = [];
  let lacing = 0;
  const flush = (flags: number): void => {
    pages.push(oggPage(batch, preSkip + samples, serial, seq++, flags));
    batch = [];
    lacing = 0;
  };
  packets.forEach((packet, i) => {
    const need = Math.floor(packet.length / 255) + 1;
    if (lacing + need > 255 || batch.length >= 50) flush(0);
    batch.push(packet);
    lacing += need;
    samples += opusPacketSamples(packet);
    if (i === packets.length - 1) flush(0x04);
  });
  if (packets.length === 0) flush(0x04);
  const total = pages.reduce((n, p) => n + p.length, 0);
  const ogg = new Uint8Array(total);
  let at = 0;
  for (const p of pages) {
    ogg.set(p, at);
    at += p.length;
  }
  return { ogg, durationMs: Math.round(Math.max(0, samples - preSkip) / 48) };
}

/** A MediaRecorder WebM Opus recording as an Ogg Opus file. */
export function webmOpusToOgg(webm: Uint8Array): OggOpusResult {
  const { head, packets } = demuxWebmOpus(webm);
  if (packets.length === 0) throw new RemuxError('The recording has no audio.');
  return writeOggOpus(head, packets);
}
