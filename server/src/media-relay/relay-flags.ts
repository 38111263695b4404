/**
 * Which rtpengine options turn an SDP from one media profile into the other. Pure: one table, tested
 * on its own. The set is the one verified Chromium ⇄ baresip on these machines (FIELD-NOTES, rtpengine):
 *
 * ```
 *  toward a plain phone (offer or answer):  ICE=remove  RTP/AVP              rtcp-mux-demux
 *  toward a browser, offer:                  ICE=force   UDP/TLS/RTP/SAVPF    rtcp-mux-offer   generate-mid SDES-off
 *  toward a browser, answer:                 ICE=force   UDP/TLS/RTP/SAVPF    rtcp-mux-require generate-mid SDES-off
 *  always:                                   trust-address replace-origin replace-session-connection
 * ```
 * plus `full-rtcp-attribute` toward WebRTC: `a=rtcp:PORT IN IP4 ADDR` rather than the short
 * `a=rtcp:PORT` (both RFC 3605 §2.1); werift, which Parley's agents use, rejects the short form.
 *
 * - WebRTC needs ICE, DTLS-SRTP (RFC 8827 §6.5) and accepts rtcp-mux (RFC 8834 §4.2, RFC 5761); a plain
 *   RTP/AVP phone knows none of them, so rtpengine terminates them on the browser's side.
 * - `trust-address`: the SDP's addresses are the endpoint's own (loopback/LAN), not NAT guesses from the
 *   SIP packet's source; `replace-*` puts rtpengine's address in both `o=` and `c=` lines.
 * - Codecs: an offer from a browser toward a phone also offers PCMU and PCMA (`codec-transcode`) so a
 *   phone without Opus can answer, and rtpengine transcodes Opus ⇄ G.711 when the browser had not
 *   offered them itself. An offer from a phone toward WebRTC also offers Opus (`codec-transcode-opus`,
 *   appended after the phone's own codecs): a browser implements PCMU and PCMA (RFC 7874 §3) and answers
 *   with the phone's codec first in the list, so nothing is transcoded; Parley's werift agents
 *   (voicemail, echo) speak Opus only and answer with it, and rtpengine transcodes G.711 ⇄ Opus.
 */
import type { MediaProfile } from '../sip/core/media-relay-hook.js';
import type { NgDictionary } from './ng-client.js';

/** `offer` or `answer`: the ng command the SDP travels in. */
export type SdpRole = 'offer' | 'answer';

/** G.711 codecs a plain phone is sure to have, added to a browser's offer when it lacks them. */
export const PHONE_CODECS: readonly string[] = ['PCMU', 'PCMA'];

/** What every WebRTC endpoint speaks (RFC 7874 §3), added to a phone's offer when it lacks it. */
export const WEBRTC_CODECS: readonly string[] = ['opus'];

/**
 * The ng options (beyond `call-id`, tags and `sdp`) for an SDP travelling `from` → `to`.
 * Same profile on both sides: only the anchoring options (the relay then just forwards the media).
 */
export function relayFlags(role: SdpRole, from: MediaProfile, to: MediaProfile): NgDictionary {
  const anchor: NgDictionary = {
    flags: ['trust-address'],
    replace: ['origin', 'session-connection'],
  };
  if (from === to) return anchor;
  if (to === 'plain') {
    return {
      ...anchor,
      ICE: 'remove',
      'transport-protocol': 'RTP/AVP',
      'rtcp-mux': ['demux'],
      ...(role === 'offer' ? { codec: { transcode: PHONE_CODECS } } : {}),
    };
  }
  return {
    ...anchor,
    flags: ['trust-address', 'generate-mid', 'full-rtcp-attribute'],
    ICE: 'force',
    'transport-protocol': 'UDP/TLS/RTP/SAVPF',
    'rtcp-mux': [role === 'offer' ? 'offer' : 'require'],
    SDES: ['off'],
    ...(role === 'offer' ? { codec: { transcode: WEBRTC_CODECS } } : {}),
  };
}
