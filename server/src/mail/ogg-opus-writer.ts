/**
 * Ogg Opus writer (RFC 7845) for Opus payloads received over RTP (RFC 7587), without transcoding.
 *
 * Layout written (RFC 7845 §3):
 * ```
 *  page 0  BOS  OpusHead   (granule 0)          §5.1
 *  page 1       OpusTags   (granule 0)          §5.2
 *  page 2..     audio packets, one packet per segment run, granule = pre-skip + samples so far  §4
 *  last page EOS
 * ```
 * Granule positions count 48 kHz samples regardless of the input rate (§4). Gaps in the RTP timestamp
 * (packet loss, DTX, a muted sender) and a silent tail measured by wall time are filled with Opus
 * silence frames, so the file's duration matches the time the caller was recorded.
 */
import { oggPage, OGG_BOS, OGG_EOS } from './ogg-page.js';

/** A 20 ms CELT fullband mono frame that decodes to digital silence (TOC 0xF8, RFC 6716 §3.1). */
export const OPUS_SILENCE_FRAME: Buffer = Buffer.from([0xf8, 0xff, 0xfe]);
const SILENCE_SAMPLES = 960;

/** Opus frame sizes in 48 kHz samples per TOC config (RFC 6716 §3.1, Table 2). */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config % 4]!; // SILK 10/20/40/60 ms
  if (config < 16) return [480, 960][config % 2]!; // Hybrid 10/20 ms
  return [120, 240, 480, 960][config % 4]!; // CELT 2.5/5/10/20 ms
}

/**
 * Number of 48 kHz samples an Opus packet decodes to (RFC 6716 §3.2), or 0 if malformed.
 */
export function opusPacketSamples(packet: Uint8Array): number {
  const toc = packet[0];
  if (toc === undefined) return 0;
  const perFrame = frameSamples(toc >> 3);
  const code = toc & 0x03;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code === 1 || code === 2) frames = 2;
  else {
    const countByte = packet[1];
    if (countByte === undefined) return 0;
    frames = countByte & 0x3f;
  }
  const total = frames * perFrame;
  return total > 5760 ? 0 : total; // at most 120 ms per packet (§3.2.5)
}

export interface OggOpusWriterOptions {
  /** Output channel count in OpusHead; WebRTC voice is mono in practice. Default 1. */
  readonly channels?: 1 | 2;
  /** Samples the decoder drops at the start (RFC 7845 §4.2). Default 312 (libopus look-ahead). */
  readonly preSkip?: number;
  /** Largest gap filled with silence, in samples; bigger jumps are treated as a new timeline. Default 10 s. */
  readonly maxGapSamples?: number;
  /** Packets per audio page (a page is flushed when reached). Default 50 (1 s at 20 ms). */
  readonly packetsPerPage?: number;
  /** OpusTags vendor string. */
  readonly vendor?: string;
  /** OpusTags user comments, e.g. `['TITLE=Voicemail']`. */
  readonly comments?: readonly string[];
}

/**
 * Collects Opus packets and produces an Ogg Opus file in memory (a voicemail is small: ~0.2 MB/min).
 *
 * Usage: `write(payload, rtpTimestamp)` for each received packet in arrival order, optionally
 * `padTo(samples)` at the end with the wall-clock length, then `finish()` once.
 */
export class OggOpusWriter {
  private readonly chunks: Buffer[] = [];
  private readonly serial: number;
  private readonly preSkip: number;
  private readonly maxGap: number;
  private readonly packetsPerPage: number;
  private sequence = 0;
  private pending: Buffer[] = [];
  private pendingLacing = 0;
  /** Samples written so far (excluding pre-skip). */
  private samples = 0;
  private baseTimestamp: number | undefined;
  private finished = false;

  constructor(options: OggOpusWriterOptions = {}) {
    this.serial = (Math.random() * 0xffffffff) >>> 0;
    this.preSkip = options.preSkip ?? 312;
    this.maxGap = options.maxGapSamples ?? 480_000;
    this.packetsPerPage = options.packetsPerPage ?? 50;
    const channels = options.channels ?? 1;

    // OpusHead, RFC 7845 §5.1: magic, version 1, channels, pre-skip, input rate, gain, mapping family 0.
    const head = Buffer.alloc(19);
    head.write('OpusHead', 0, 'ascii');
    head.writeUInt8(1, 8);
    head.writeUInt8(channels, 9);
    head.writeUInt16LE(this.preSkip, 10);
    head.writeUInt32LE(48_000, 12);
    head.writeInt16LE(0, 16);
    head.writeUInt8(0, 18);
    this.emit([head], 0, OGG_BOS);

    // OpusTags, RFC 7845 §5.2: vendor string and user comments, lengths little-endian.
    const vendor = Buffer.from(options.vendor ?? 'parley', 'utf8');
    const comments = (options.comments ?? []).map((c) => Buffer.from(c, 'utf8'));
    const parts: Buffer[] = [
      Buffer.from('OpusTags', 'ascii'),
      u32(vendor.length),
      vendor,
      u32(comments.length),
    ];
    for (const c of comments) parts.push(u32(c.length), c);
    this.emit([Buffer.concat(parts)], 0, 0);
  }

  /** Duration written so far, in 48 kHz samples (what a player will report once finished). */
  get durationSamples(): number {
    return this.samples;
  }

  /** Duration written so far in milliseconds. */
  get durationMs(): number {
    return Math.round(this.samples / 48);
  }

  /**
   * Appends one RTP Opus payload. `rtpTimestamp` is the RTP timestamp (48 kHz clock, RFC 7587 §4.1);
   * a forward jump is filled with silence, a packet older than what is written (late/duplicate) is dropped.
   */
  write(payload: Uint8Array, rtpTimestamp: number): void {
    if (this.finished) throw new Error('OggOpusWriter: write after finish');
    const n = opusPacketSamples(payload);
    if (n === 0) return;
    if (this.baseTimestamp === undefined) this.baseTimestamp = (rtpTimestamp - this.samples) >>> 0;
    let offset = (rtpTimestamp - this.baseTimestamp) >>> 0; // wraps modulo 2^32
    if (offset > 0x7fffffff) offset -= 0x100000000; // earlier than base
    const gap = offset - this.samples;
    if (gap < -n / 2) return; // late or duplicate
    if (gap > this.maxGap) {
      // A discontinuity (sender restarted its clock): continue the timeline from here.
      this.baseTimestamp = (rtpTimestamp - this.samples) >>> 0;
    } else if (gap >= SILENCE_SAMPLES) {
      this.fillSilence(gap);
    }
    this.push(Buffer.from(payload), n);
  }

  /** Fills with silence up to `totalSamples` (e.g. wall-clock length at hang-up). */
  padTo(totalSamples: number): void {
    if (totalSamples - this.samples >= SILENCE_SAMPLES) this.fillSilence(totalSamples - this.samples);
  }

  /** Closes the stream (EOS page) and returns the whole file. */
  finish(): Buffer {
    if (!this.finished) {
      this.finished = true;
      this.flush(OGG_EOS);
      if (this.chunks.length === 2) this.emit([], this.preSkip, OGG_EOS); // no audio: still end the stream
    }
    return Buffer.concat(this.chunks);
  }

  private fillSilence(samples: number): void {
    const frames = Math.floor(samples / SILENCE_SAMPLES);
    for (let i = 0; i < frames; i++) this.push(OPUS_SILENCE_FRAME, SILENCE_SAMPLES);
  }

  private push(packet: Buffer, samples: number): void {
    const lacing = Math.floor(packet.length / 255) + 1;
    if (this.pendingLacing + lacing > 255) this.flush(0); // a page holds at most 255 lacing values
    this.pending.push(packet);
    this.pendingLacing += lacing;
    this.samples += samples;
    if (this.pending.length >= this.packetsPerPage) this.flush(0);
  }

  private flush(flags: number): void {
    if (this.pending.length === 0) return;
    // Granule of an audio page: pre-skip + samples of every packet completed on it (RFC 7845 §4).
    // The granule counts what was pushed, so flush before counting the next packet's samples.
    this.emit(this.pending, this.preSkip + this.samples, flags);
    this.pending = [];
    this.pendingLacing = 0;
  }

  private emit(packets: readonly Buffer[], granule: number, flags: number): void {
    this.chunks.push(oggPage({ packets, granule, serial: this.serial, sequence: this.sequence++, flags }));
  }
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value, 0);
  return b;
}
