/**
 * SDP modifier asking for 10 ms Opus packets (`a=ptime:10`, `a=maxptime:10`, RFC 4566 §6,
 * RFC 7587 §7). Measured on loopback it cuts mouth-to-ear latency from ≈77 to ≈57 ms
 * (FIELD-NOTES, SIP.js section) for twice the packet rate. Applied to offers and answers.
 */
import type { SessionDescriptionHandlerModifier } from 'sip.js';

export const PTIME_MS = 10;

/** Rewrites every audio media section to carry exactly one ptime and one maxptime line. */
export function withAudioPtime(sdp: string, ptimeMs: number = PTIME_MS): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  const out: string[] = [];
  let inAudio = false;
  const closeAudio = (): void => {
    if (inAudio) out.push(`a=ptime:${ptimeMs}`, `a=maxptime:${ptimeMs}`);
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      closeAudio();
      inAudio = line.startsWith('m=audio');
    }
    if (line === '') continue;
    if (inAudio && /^a=(max)?ptime:/.test(line)) continue;
    out.push(line);
  }
  closeAudio();
  return out.join(eol) + eol;
}

export const lowLatencyOpus: SessionDescriptionHandlerModifier = (description) =>
  Promise.resolve({
    ...description,
    sdp: description.sdp === undefined ? undefined : withAudioPtime(description.sdp),
  });
