/**
 * A greeting the user recorded in the app (`PUT /api/voicemail/greeting`, body `audio/ogg`): it must be
 * Ogg Opus (RFC 7845) the agent can send as it is — packets of one duration (10, 20, 40 or 60 ms; the
 * agent paces them by it), at most `MAX_GREETING_MS` long, at most `MAX_GREETING_BYTES`.
 */
import { readOggOpus } from '../mail/ogg-opus-reader.js';
import { opusPacketSamples } from '../mail/ogg-opus-writer.js';

export const MAX_GREETING_BYTES = 1024 * 1024;
export const MAX_GREETING_MS = 60_000;
const FRAME_SAMPLES = new Set([480, 960, 1920, 2880]);

export interface Greeting {
  readonly packets: readonly Buffer[];
  /** Duration of every packet, ms. */
  readonly frameMs: number;
  readonly durationMs: number;
}

/** Why a greeting was refused: a one-line message for the user. */
export class GreetingError extends Error {
  override readonly name = 'GreetingError';
}

/** Parses and checks a greeting file. @throws GreetingError */
export function parseGreeting(file: Uint8Array): Greeting {
  if (file.length > MAX_GREETING_BYTES) throw new GreetingError('The greeting must be at most 1 MB.');
  let packets: readonly Buffer[];
  try {
    packets = readOggOpus(file).packets;
  } catch {
    throw new GreetingError('The greeting must be an Ogg Opus file (audio/ogg; codecs=opus).');
  }
  if (packets.length === 0) throw new GreetingError('The greeting has no audio.');
  const samples = packets.map((p) => opusPacketSamples(p));
  const first = samples[0]!;
  // The last packet may be shorter in some encoders' output; every other one must match the first.
  if (!FRAME_SAMPLES.has(first) || samples.slice(0, -1).some((s) => s !== first)) {
    throw new GreetingError('The greeting must use Opus frames of one size (10, 20, 40 or 60 ms).');
  }
  const frameMs = first / 48;
  const durationMs = packets.length * frameMs;
  if (durationMs < 500) throw new GreetingError('The greeting is too short (at least 0.5 s).');
  if (durationMs > MAX_GREETING_MS) throw new GreetingError('The greeting must be at most 60 s long.');
  return { packets, frameMs, durationMs };
}
