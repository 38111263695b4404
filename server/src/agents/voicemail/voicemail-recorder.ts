/**
 * Records one voicemail: keeps the caller's Opus payloads as received (no transcoding), decides when to
 * stop (silence after speech, maximum length), and at the end writes the Ogg Opus file (RFC 7845).
 *
 * Timing: the recording starts when the beep ends. Gaps in the RTP clock are filled with silence by the
 * writer; a quiet tail (no packets for ≥ 500 ms before hang-up, `#` or the maximum length) is padded on
 * the wall clock — or, when silence ended the message, cut shortly after the last speech, so the
 * trailing 2 s of nothing is not sent.
 */
import { OggOpusWriter, opusPacketSamples } from '../../mail/ogg-opus-writer.js';
import { SpeechDetector } from './speech-detector.js';

export type StopReason = 'hangup' | 'dtmf' | 'silence' | 'max-length';

export interface VoicemailRecorderOptions {
  /** Maximum recording length (default 120 s). */
  readonly maxMs?: number;
  /** Silence after speech that ends the recording (default 2 s). */
  readonly silenceMs?: number;
  /** Shorter recordings are discarded (default 1 s). */
  readonly minMs?: number;
  /** Silence kept after the last speech when silence ends the recording (default 500 ms). */
  readonly tailMs?: number;
  /** A wait between the last packet and the end shorter than this is latency, not silence (default 500 ms). */
  readonly tailGapMs?: number;
}

export interface Recording {
  readonly audio: Buffer;
  readonly durationMs: number;
  readonly reason: StopReason;
  readonly packets: number;
}

interface Packet {
  readonly payload: Buffer;
  readonly timestamp: number;
  readonly receivedAt: number;
}

export class VoicemailRecorder {
  readonly maxMs: number;
  readonly silenceMs: number;
  private readonly minMs: number;
  private readonly tailMs: number;
  private readonly tailGapMs: number;
  private readonly packets: Packet[] = [];
  private readonly speech = new SpeechDetector();
  private readonly startedAt: number;

  constructor(startedAt: number, options: VoicemailRecorderOptions = {}) {
    this.startedAt = startedAt;
    this.maxMs = options.maxMs ?? 120_000;
    this.silenceMs = options.silenceMs ?? 2000;
    this.minMs = options.minMs ?? 1000;
    this.tailMs = options.tailMs ?? 500;
    this.tailGapMs = options.tailGapMs ?? 500;
  }

  /** One received Opus RTP payload (RFC 7587). */
  push(payload: Buffer, timestamp: number, receivedAt: number): void {
    const samples = opusPacketSamples(payload);
    if (samples === 0) return;
    this.packets.push({ payload, timestamp, receivedAt });
    this.speech.push(payload.length, samples, receivedAt);
  }

  /** Why the recording should stop now by itself, if it should. Call periodically. */
  shouldStop(now: number): StopReason | undefined {
    if (now - this.startedAt >= this.maxMs) return 'max-length';
    // Silence counts from the last speech, or from the start when the caller never sent a packet since.
    if (this.speech.silenceAfterSpeech(now, this.silenceMs)) return 'silence';
    return undefined;
  }

  /** Ends the recording; `undefined` when it is shorter than the minimum (discarded). */
  finish(endedAt: number, reason: StopReason): Recording | undefined {
    let end = Math.min(endedAt, this.startedAt + this.maxMs);
    if (reason === 'silence') {
      const lastSpeech = this.speech.lastSpeechAt();
      if (lastSpeech !== undefined) end = Math.min(end, lastSpeech + this.tailMs);
    }
    const first = this.packets[0];
    if (!first) return undefined; // nothing received: nothing to send
    const writer = new OggOpusWriter({ comments: ['TITLE=Voicemail'] });
    let kept = 0;
    let last = first;
    for (const packet of this.packets) {
      if (packet.receivedAt > end) break;
      writer.write(packet.payload, packet.timestamp);
      last = packet;
      kept += 1;
    }
    // A sender that went quiet (muted, DTX) before the end: pad with that much silence, so the length
    // matches the wall clock. Shorter gaps are network and signalling latency (the BYE's trip), not audio.
    const quietTail = end - last.receivedAt;
    if (quietTail >= this.tailGapMs) writer.padTo(writer.durationSamples + Math.round(quietTail * 48));
    if (writer.durationMs < this.minMs) return undefined;
    return { audio: writer.finish(), durationMs: writer.durationMs, reason, packets: kept };
  }
}
