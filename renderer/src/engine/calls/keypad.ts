/**
 * The keypad: digits 0-9, *, # (and A-D) sent during a call.
 *
 * Rules:
 * - When the answer negotiated `telephone-event` (RFC 4733 §7.1.1), tones go in the media as RFC 4733
 *   named events (events 0-15, §3.2) through the handler's `sendDtmf` (WebRTC's RTCDTMFSender).
 * - Otherwise (a peer without RFC 4733) each tone is a SIP INFO in the dialog with
 *   `application/dtmf-relay` (the de-facto format many PBXs accept; RFC 6086 allows INFO packages).
 * - Tones pressed quickly one after another all go, in order: `createKeypad` queues them (WebRTC's
 *   `insertDTMF` would replace tones still waiting in its buffer).
 */
import type { Session } from 'sip.js';
import { hasTelephoneEvent } from './sdp-facts.js';

export const DTMF_TONE = /^[0-9A-D#*]$/;

/** RFC 4733 §2.5.1.3: 100 ms tones with a 70 ms gap are what keypads send; PBXs accept them. */
const TONE_MS = 100;
const GAP_MS = 70;

export type DtmfMethod = 'rfc4733' | 'info';

/** Which way tones go on a call whose remote description is `remoteSdp`. */
export function dtmfMethod(remoteSdp: string | undefined): DtmfMethod {
  return remoteSdp !== undefined && hasTelephoneEvent(remoteSdp) ? 'rfc4733' : 'info';
}

/**
 * Sends tones (validated: throws on anything but DTMF characters). Returns the method used.
 */
export async function sendTones(
  session: Session,
  tones: string,
  remoteSdp: string | undefined,
): Promise<DtmfMethod> {
  const list = [...tones.toUpperCase()];
  if (list.length === 0 || !list.every((t) => DTMF_TONE.test(t))) {
    throw new Error(`Not a keypad tone: ${JSON.stringify(tones)}`);
  }
  const method = dtmfMethod(remoteSdp);
  if (method === 'rfc4733') {
    const handler = session.sessionDescriptionHandler;
    if (handler?.sendDtmf(list.join(''), { duration: TONE_MS, interToneGap: GAP_MS })) return method;
  }
  for (const tone of list) {
    await session.info({
      requestOptions: {
        body: {
          contentDisposition: 'render',
          contentType: 'application/dtmf-relay',
          content: `Signal=${tone}\r\nDuration=${TONE_MS}\r\n`,
        },
      },
    });
  }
  return 'info';
}

/** Time the media takes to play `count` tones, so the next ones are not inserted over them. */
export function tonesPlayingMs(count: number): number {
  return count * (TONE_MS + GAP_MS);
}

/**
 * A per-call queue: each press waits for the tones before it to be played (RFC 4733) or
 * acknowledged (INFO). Resolves with the method used; a failed press does not block later ones.
 */
export function createKeypad(
  session: Session,
  remoteSdp: () => string | undefined,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): (tones: string) => Promise<DtmfMethod> {
  let tail: Promise<unknown> = Promise.resolve();
  return (tones) => {
    const sent = tail.then(async () => {
      const method = await sendTones(session, tones, remoteSdp());
      if (method === 'rfc4733') await wait(tonesPlayingMs(tones.length));
      return method;
    });
    tail = sent.catch(() => undefined);
    return sent;
  };
}
