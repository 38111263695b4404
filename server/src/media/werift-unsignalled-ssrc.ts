/**
 * Lets a werift peer connection play RTP from an SSRC its remote SDP never listed, as browsers do for an
 * m-line with one stream ("unsignalled SSRC").
 *
 * werift 0.24.4 routes received RTP only by the SSRCs of the remote description's `a=ssrc` lines
 * (RFC 5576) or by RTP stream IDs (RtpRouter.routeRtp); any other SSRC is dropped, and it has no option
 * to change that. But `a=ssrc` is optional (RFC 5576 §1) and a source may change its SSRC mid-call
 * (RFC 3550 §8.2): rtpengine, which anchors plain-phone calls, transcodes G.711 → Opus and sends the
 * result from an SSRC of its own while the SDP still names the phone's. The voicemail and echo agents
 * then heard nothing.
 *
 * The seam: the connection's router. Its `routeRtp` is a per-instance function property that the DTLS
 * transport calls for every decrypted packet; it is wrapped here so that a packet from an unknown SSRC,
 * without a stream ID, on a connection with exactly ONE receiving transceiver, is registered to that
 * receiver (and its track) before werift routes it. With several m-lines nothing is guessed.
 * Only SRTP-authenticated packets of this DTLS association reach the router, so latching onto a new
 * SSRC accepts nothing from outside the negotiated peer.
 */
import type { MediaStreamTrack, RTCPeerConnection, RtpPacket } from 'werift';

/** The parts of werift's (private) RtpRouter this hook touches, as werift 0.24.4 has them. */
interface WeriftRouter {
  ssrcTable: Record<number, unknown>;
  routeRtp: (packet: RtpPacket) => void;
}

/** The parts of werift's RTCRtpReceiver this hook touches. */
interface WeriftReceiver {
  readonly track: MediaStreamTrack;
  readonly trackBySSRC: Record<number, MediaStreamTrack>;
}

/** Header extension ID → URI of RTP stream IDs (RFC 8852 §3.1): such packets are werift's own business. */
const RID_URIS = new Set([
  'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
]);

/**
 * Installs the hook on `pc` (once; idempotent). Throws when werift's internals are not what this was
 * written for (a werift upgrade must revisit it rather than silently lose audio).
 */
export function acceptUnsignalledSsrc(pc: RTCPeerConnection): void {
  const router = (pc as unknown as { router?: WeriftRouter & { extIdUriMap?: Record<number, string> } })
    .router;
  if (router === undefined || typeof router.routeRtp !== 'function' || typeof router.ssrcTable !== 'object') {
    throw new Error('werift internals changed: RTCPeerConnection.router.routeRtp not found');
  }
  const marked = router as { parleyUnsignalledSsrc?: true };
  if (marked.parleyUnsignalledSsrc) return;
  marked.parleyUnsignalledSsrc = true;
  const route = router.routeRtp;
  router.routeRtp = (packet: RtpPacket) => {
    const ssrc = packet.header.ssrc;
    if (router.ssrcTable[ssrc] === undefined && !hasStreamId(packet, router.extIdUriMap ?? {})) {
      const receiver = soleReceiver(pc);
      if (receiver !== undefined) {
        router.ssrcTable[ssrc] = receiver;
        receiver.trackBySSRC[ssrc] = receiver.track;
      }
    }
    route(packet);
  };
}

/** The receiver of the one transceiver that receives, or undefined when there are none or several. */
function soleReceiver(pc: RTCPeerConnection): WeriftReceiver | undefined {
  const receiving = pc
    .getTransceivers()
    .filter((t) => t.currentDirection === 'recvonly' || t.currentDirection === 'sendrecv');
  if (receiving.length !== 1) return undefined;
  return receiving[0]!.receiver as unknown as WeriftReceiver;
}

function hasStreamId(packet: RtpPacket, extIdUriMap: Record<number, string>): boolean {
  return packet.header.extensions.some((e) => RID_URIS.has(extIdUriMap[e.id] ?? ''));
}
