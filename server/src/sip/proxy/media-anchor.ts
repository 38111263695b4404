/**
 * When the media of a call must be anchored in the relay (RFC 3264 offer/answer rewritten by the
 * `MediaRelayHook`): only when the caller's flow and a branch's target flow speak different media
 * profiles (WebRTC on WS/WSS, plain RTP on UDP/TCP/TLS). Same-profile calls pass untouched.
 */
import {
  mediaProfileOf,
  type MediaLeg,
  type MediaProfile,
  type MediaRelayHook,
} from '../core/media-relay-hook.js';
import type { SipMessage } from '../message/sip-message.js';

/** The Warning (RFC 3261 §20.43, code 399 "miscellaneous") of a cross-profile call without a relay. */
export const NO_RELAY_REASON = 'Not Acceptable Here (No Media Relay)';
export function noRelayWarning(domain: string): string {
  return `399 ${domain} "Calls between WebRTC and plain SIP phones need a media relay: install rtpengine-daemon and set PARLEY_RTPENGINE"`;
}

export class MediaAnchor {
  readonly from: MediaProfile;
  readonly to: MediaProfile;

  constructor(
    private readonly relay: MediaRelayHook | undefined,
    fromTransport: string,
    toTransport: string,
  ) {
    this.from = mediaProfileOf(fromTransport);
    this.to = mediaProfileOf(toTransport);
  }

  /** Profiles differ: the media must go through the relay. */
  get crossing(): boolean {
    return this.from !== this.to;
  }

  /** Crossing profiles with no relay configured: the call cannot be set up (488). */
  get impossible(): boolean {
    return this.crossing && this.relay === undefined;
  }

  /** Rewrites the SDP offer of a request going caller → target (in place). */
  async offer(leg: MediaLeg, message: SipMessage): Promise<void> {
    if (!this.crossing || !this.relay || !hasSdp(message)) return;
    message.body = await this.relay.offer(leg, message.body, this.from, this.to);
  }

  /** Rewrites the SDP answer of a response travelling target → caller (in place). */
  async answer(leg: MediaLeg, message: SipMessage): Promise<void> {
    if (!this.crossing || !this.relay || !hasSdp(message)) return;
    message.body = await this.relay.answer(leg, message.body, this.to, this.from);
  }

  /** Releases the relay's resources for the leg; failures are only logged by the caller. */
  async delete(leg: MediaLeg): Promise<void> {
    if (!this.crossing || !this.relay) return;
    await this.relay.delete(leg);
  }
}

export function hasSdp(message: SipMessage): boolean {
  const type = (message.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/sdp' && message.body.trim() !== '';
}
