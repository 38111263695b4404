/**
 * The hook through which a media relay (server/src/media-relay, rtpengine's ng protocol) anchors the
 * media of calls whose two sides speak different media profiles: WebRTC (ICE + DTLS-SRTP, on WS/WSS
 * flows) and plain RTP/AVP (on UDP/TCP/TLS flows). The proxy calls it at each offer and answer of such a
 * call (INVITE, re-INVITE, UPDATE, their answers) and when the call ends; same-profile calls never see it.
 * Declared here so the SIP room imports nothing of the relay.
 */

/** 'webrtc' = ICE + DTLS-SRTP (WS/WSS flows); 'plain' = RTP/AVP (UDP/TCP/TLS flows). */
export type MediaProfile = 'webrtc' | 'plain';
export interface MediaLeg {
  readonly callId: string;
  readonly fromTag: string;
  readonly toTag?: string;
  readonly viaBranch?: string;
}
export interface MediaRelayHook {
  /** An SDP offer (INVITE, re-INVITE, UPDATE, or a 2xx/ACK for late offer) going from a `from`-profile UA to a `to`-profile UA; returns the SDP to forward. Rejects with MediaRelayError when the relay is unavailable. */
  offer(leg: MediaLeg, sdp: string, from: MediaProfile, to: MediaProfile): Promise<string>;
  /** The matching answer travelling back (from = the answerer's profile). */
  answer(leg: MediaLeg, sdp: string, from: MediaProfile, to: MediaProfile): Promise<string>;
  /** Call ended (BYE/CANCEL/final failure): release relay resources for the call (or one fork branch). */
  delete(leg: MediaLeg): Promise<void>;
}
export class MediaRelayError extends Error {}

/** The profile of a flow's transport (RFC 7118 WebSocket flows carry WebRTC clients). */
export function mediaProfileOf(transport: string): MediaProfile {
  const t = transport.toUpperCase();
  return t === 'WS' || t === 'WSS' ? 'webrtc' : 'plain';
}
