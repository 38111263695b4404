/**
 * Call quality from WebRTC statistics: a pure function from two successive stats readings to a level
 * the UI can show as signal bars. No DOM, no SIP.js: the platform reads `getStats()` into a
 * `CallStatsSample` (see `web/read-web-call-stats.ts`); this file only does arithmetic.
 *
 * The estimate is an "E-model lite": ITU-T G.107's transmission rating factor R reduced to delay and
 * loss, the simplification commonly used by VoIP monitors:
 *
 *   effective latency  Le = RTT/2 + 2·jitter + 10 ms (codec)
 *   delay impairment   Id = Le/40                   when Le < 160 ms
 *                           = (Le − 120)/10         otherwise
 *   loss impairment    Ie = 2.5 · loss%
 *   R   = 93.2 − Id − Ie, clamped to 0..100
 *   MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R)   (G.107 Annex B)
 *
 * Levels: good ≥ 4.0 MOS (R ≳ 80: "users satisfied"), fair ≥ 3.1 (R ≳ 60: "many users
 * dissatisfied"), poor below — or when no packet arrived during the interval on a call that should be
 * sending (media stopped).
 */
import type { CallQuality, CallQualityLevel } from './phone-engine-contract.js';

/**
 * One reading of a call's media statistics (W3C WebRTC Stats, `RTCStatsReport`), cumulative counters as
 * reported; seconds converted to milliseconds. Every field is optional: not every peer reports all.
 */
export interface CallStatsSample {
  /** When the reading was taken, ms (any monotonic clock). */
  readonly at: number;
  /** `inbound-rtp` (audio): packets received and lost so far (§7.4, §7.3 `RTCReceivedRtpStreamStats`). */
  readonly packetsReceived?: number;
  readonly packetsLost?: number;
  /** `inbound-rtp` interarrival jitter (RFC 3550 §6.4.1), ms. */
  readonly jitterMs?: number;
  /** Round-trip time: `candidate-pair.currentRoundTripTime`, else `remote-inbound-rtp.roundTripTime`, ms. */
  readonly rttMs?: number;
  /** `remote-inbound-rtp.fractionLost` (0..1): what the peer lost of our stream in its last report. */
  readonly remoteFractionLost?: number;
  /** `inbound-rtp.audioLevel` (0..1): the remote voice as decoded. */
  readonly audioLevelIn?: number;
  /** `media-source.audioLevel` (0..1): our microphone as sent. */
  readonly audioLevelOut?: number;
}

export const QUALITY_THRESHOLDS = { good: 4.0, fair: 3.1 } as const;

/** G.107 Annex B: R factor → MOS (conversational quality estimate). */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

/** The E-model lite R factor for a round-trip time, jitter and loss (see the file comment). */
export function rFactor(rttMs: number, jitterMs: number, lossPercent: number): number {
  const latency = rttMs / 2 + 2 * jitterMs + 10;
  const delayImpairment = latency < 160 ? latency / 40 : (latency - 120) / 10;
  const lossImpairment = 2.5 * lossPercent;
  return Math.min(100, Math.max(0, 93.2 - delayImpairment - lossImpairment));
}

export function levelForMos(mos: number): CallQualityLevel {
  if (mos >= QUALITY_THRESHOLDS.good) return 'good';
  if (mos >= QUALITY_THRESHOLDS.fair) return 'fair';
  return 'poor';
}

/**
 * Packet loss over the interval between two readings (or since the call started), in percent: what we
 * lost of the peer's stream (from the counter deltas) or what the peer lost of ours (`fractionLost`),
 * whichever is worse. Undefined when neither is known yet.
 */
export function intervalLossPercent(
  current: CallStatsSample,
  previous?: CallStatsSample,
): number | undefined {
  let inbound: number | undefined;
  // Without an earlier count, the interval is the whole call so far (the counters start at zero).
  if (current.packetsReceived !== undefined) {
    const counted = previous?.packetsReceived !== undefined;
    const received = Math.max(0, current.packetsReceived - (counted ? (previous.packetsReceived ?? 0) : 0));
    const lost = Math.max(0, (current.packetsLost ?? 0) - (counted ? (previous.packetsLost ?? 0) : 0));
    inbound = received + lost > 0 ? (100 * lost) / (received + lost) : undefined;
  }
  const outbound =
    current.remoteFractionLost !== undefined
      ? 100 * Math.min(1, Math.max(0, current.remoteFractionLost))
      : undefined;
  if (inbound === undefined) return outbound;
  if (outbound === undefined) return inbound;
  return Math.max(inbound, outbound);
}

/**
 * The quality of a call from its latest stats reading and the one before. Returns undefined until there
 * is anything to judge (the first reading of a call that has not received a packet yet).
 */
export function assessCallQuality(
  current: CallStatsSample,
  previous?: CallStatsSample,
): CallQuality | undefined {
  const levels = {
    ...(current.audioLevelIn !== undefined ? { audioLevelIn: round(current.audioLevelIn, 3) } : {}),
    ...(current.audioLevelOut !== undefined ? { audioLevelOut: round(current.audioLevelOut, 3) } : {}),
  };
  // Media stopped: the peer keeps sending (even when muted) at 50–100 packets/s, so an interval of 1 s or
  // more without a single packet means the audio path is broken.
  const stalled =
    previous !== undefined &&
    current.packetsReceived !== undefined &&
    previous.packetsReceived !== undefined &&
    current.packetsReceived === previous.packetsReceived &&
    current.at - previous.at >= 1000;
  if (stalled) {
    return Object.freeze({
      level: 'poor',
      mos: 1,
      lossPercent: 100,
      ...(current.rttMs !== undefined ? { rttMs: Math.round(current.rttMs) } : {}),
      ...levels,
    });
  }
  const lossPercent = intervalLossPercent(current, previous);
  if (current.rttMs === undefined && current.jitterMs === undefined && lossPercent === undefined)
    return undefined;
  if (!current.packetsReceived && lossPercent === undefined) return undefined;
  const mos = mosFromR(rFactor(current.rttMs ?? 0, current.jitterMs ?? 0, lossPercent ?? 0));
  return Object.freeze({
    level: levelForMos(mos),
    mos: round(mos, 2),
    ...(current.rttMs !== undefined ? { rttMs: Math.round(current.rttMs) } : {}),
    ...(current.jitterMs !== undefined ? { jitterMs: round(current.jitterMs, 1) } : {}),
    ...(lossPercent !== undefined ? { lossPercent: round(lossPercent, 1) } : {}),
    ...levels,
  });
}

/** True when two qualities would render the same (so the engine can skip a snapshot). */
export function sameQuality(a: CallQuality | undefined, b: CallQuality | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof CallQuality>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
