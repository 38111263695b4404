/**
 * LOCAL COPY of the hook agreed with the SIP core (declared by the sip branch in
 * `server/src/sip/core/media-relay-hook.ts`). Delete this file at merge and import from there.
 *
 * The SIP core calls the hook at offer/answer time when the two sides of a call use different media
 * profiles; the relay returns the SDP to forward instead of the one received.
 */

/** 'webrtc' = ICE + DTLS-SRTP (WS/WSS flows); 'plain' = RTP/AVP (UDP/TCP/TLS flows). */
export type MediaProfile = 'webrtc' | 'plain';

/**
 * One call as the relay knows it: the Call-ID and the tags of the request carrying the offer
 * (`fromTag` = its From tag, `toTag` = its To tag once the dialog exists).
 */
export interface MediaLeg {
  readonly callId: string;
  readonly fromTag: string;
  readonly toTag?: string;
  readonly viaBranch?: string;
}

export interface MediaRelayHook {
  /** An SDP offer travelling from a `from` endpoint to a `to` endpoint; resolves to the SDP to forward. */
  offer(leg: MediaLeg, sdp: string, from: MediaProfile, to: MediaProfile): Promise<string>;
  /** The SDP answer to an earlier offer, travelling back; `from` is the answerer's profile. */
  answer(leg: MediaLeg, sdp: string, from: MediaProfile, to: MediaProfile): Promise<string>;
  /** The call ended (BYE, CANCEL, failure): release its media ports. Never fails for an unknown call. */
  delete(leg: MediaLeg): Promise<void>;
}

/** The relay could not do its part (not reachable, refused the SDP); the core answers 488 or 500. */
export class MediaRelayError extends Error {}
