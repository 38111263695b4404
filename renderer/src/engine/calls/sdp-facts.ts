/**
 * Facts the call features read from SDP (RFC 4566 / RFC 8866), without a full SDP parser:
 * the audio direction (RFC 3264 §6.1, §8.4 for hold), whether RFC 4733 telephone events were
 * negotiated, and the DTLS certificate fingerprints (RFC 8122 §5) behind "Verify call".
 */

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

function lines(sdp: string): string[] {
  return sdp.split(/\r?\n/).map((line) => line.trim());
}

/** The session part (before the first `m=`) and the first audio media section. */
function sections(sdp: string): { session: string[]; audio: string[] } {
  const all = lines(sdp);
  const firstMedia = all.findIndex((l) => l.startsWith('m='));
  const session = firstMedia === -1 ? all : all.slice(0, firstMedia);
  const start = all.findIndex((l) => l.startsWith('m=audio'));
  if (start === -1) return { session, audio: [] };
  const next = all.findIndex((l, i) => i > start && l.startsWith('m='));
  return { session, audio: all.slice(start, next === -1 ? undefined : next) };
}

function directionIn(section: readonly string[]): MediaDirection | undefined {
  for (const line of section) {
    const value = line.startsWith('a=') ? line.slice(2) : '';
    if ((DIRECTIONS as readonly string[]).includes(value)) return value as MediaDirection;
  }
  return undefined;
}

/**
 * The direction of the first audio stream: a media-level attribute wins over a session-level one,
 * and sendrecv is the default (RFC 8866 §6.7).
 */
export function audioDirection(sdp: string): MediaDirection {
  const { session, audio } = sections(sdp);
  return directionIn(audio) ?? directionIn(session) ?? 'sendrecv';
}

/**
 * Whether an offer puts the receiver on hold: RFC 3264 §8.4 — a stream marked sendonly (the holder
 * may still send music) or inactive; also the legacy RFC 2543 form `c=IN IP4 0.0.0.0`, but only
 * without ICE: WebRTC writes `c=IN IP4 0.0.0.0` with port 9 as a placeholder in its descriptions
 * (JSEP, RFC 8829 §5.2.1).
 */
export function isHoldOffer(sdp: string): boolean {
  const direction = audioDirection(sdp);
  if (direction === 'sendonly' || direction === 'inactive') return true;
  const all = lines(sdp);
  if (all.some((l) => l.startsWith('a=ice-ufrag:'))) return false;
  return all.some((l) => /^c=IN IP4 0\.0\.0\.0$/.test(l));
}

/** Whether the audio stream lists `telephone-event` (RFC 4733 §7.1.1 media type). */
export function hasTelephoneEvent(sdp: string): boolean {
  const { audio } = sections(sdp);
  return audio.some((l) => /^a=rtpmap:\d+ telephone-event\//i.test(l));
}

/** Every `a=fingerprint:HASH VALUE` (session or media level), normalised to `hash value` in lower case. */
export function fingerprints(sdp: string): string[] {
  const found = new Set<string>();
  for (const line of lines(sdp)) {
    const match = /^a=fingerprint:(\S+)\s+([0-9A-Fa-f:]+)$/.exec(line);
    if (match) found.add(`${match[1]!.toLowerCase()} ${match[2]!.toLowerCase()}`);
  }
  return [...found].sort();
}

/**
 * Whether the other side holds us, from its latest OFFER (an answer only replies to our offer, so it
 * says nothing about theirs): sendonly, inactive or the legacy 0.0.0.0 form, RFC 3264 §8.4.
 */
export function remoteHolds(remoteOffer: string): boolean {
  return isHoldOffer(remoteOffer);
}
