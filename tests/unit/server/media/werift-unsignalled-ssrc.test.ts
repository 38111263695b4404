/**
 * The unsignalled-SSRC hook on a stand-in for werift's peer connection and router: which packets get
 * latched onto the one receiving transceiver, and which are left to werift as they are.
 */
import { describe, expect, it } from 'vitest';
import type { RTCPeerConnection, RtpPacket } from 'werift';
import { acceptUnsignalledSsrc } from '../../../../server/src/media/werift-unsignalled-ssrc.js';

interface FakeReceiver {
  readonly track: { readonly id: string };
  readonly trackBySSRC: Record<number, unknown>;
}

function fakePeer(directions: readonly string[]) {
  const receivers: FakeReceiver[] = directions.map((_, i) => ({
    track: { id: `track-${i}` },
    trackBySSRC: {},
  }));
  const routed: { ssrc: number; to: unknown }[] = [];
  const router = {
    ssrcTable: {} as Record<number, unknown>,
    extIdUriMap: { 3: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id' } as Record<number, string>,
    routeRtp: (packet: RtpPacket): void => {
      routed.push({ ssrc: packet.header.ssrc, to: router.ssrcTable[packet.header.ssrc] });
    },
  };
  const pc = {
    router,
    getTransceivers: () =>
      directions.map((currentDirection, i) => ({ currentDirection, receiver: receivers[i] })),
  } as unknown as RTCPeerConnection;
  return { pc, router, receivers, routed };
}

const packet = (ssrc: number, extensionIds: readonly number[] = []): RtpPacket =>
  ({
    header: { ssrc, extensions: extensionIds.map((id) => ({ id, payload: Buffer.alloc(1) })) },
  }) as RtpPacket;

describe('acceptUnsignalledSsrc', () => {
  it('an unknown SSRC on the one receiving m-line is routed to its receiver and track', () => {
    const { pc, routed, receivers } = fakePeer(['sendrecv']);
    acceptUnsignalledSsrc(pc);
    (pc as unknown as { router: { routeRtp(p: RtpPacket): void } }).router.routeRtp(packet(0xabc));
    expect(routed).toEqual([{ ssrc: 0xabc, to: receivers[0] }]);
    expect(receivers[0]!.trackBySSRC[0xabc]).toBe(receivers[0]!.track);
  });

  it('a known SSRC is left as werift registered it', () => {
    const { pc, router, routed } = fakePeer(['sendrecv']);
    const sender = { sender: true };
    router.ssrcTable[7] = sender;
    acceptUnsignalledSsrc(pc);
    router.routeRtp(packet(7));
    expect(routed).toEqual([{ ssrc: 7, to: sender }]);
  });

  it('nothing is guessed with two receiving m-lines, none, or a packet carrying an RTP stream ID', () => {
    for (const directions of [['sendrecv', 'recvonly'], ['sendonly'], []]) {
      const { pc, router, routed } = fakePeer(directions);
      acceptUnsignalledSsrc(pc);
      router.routeRtp(packet(42));
      expect(routed).toEqual([{ ssrc: 42, to: undefined }]);
    }
    const { pc, router, routed } = fakePeer(['recvonly']);
    acceptUnsignalledSsrc(pc);
    router.routeRtp(packet(43, [3]));
    expect(routed).toEqual([{ ssrc: 43, to: undefined }]);
  });

  it('installs once, and refuses a werift whose router is not where it was', () => {
    const { pc, router, routed } = fakePeer(['sendrecv']);
    acceptUnsignalledSsrc(pc);
    acceptUnsignalledSsrc(pc);
    router.routeRtp(packet(9));
    expect(routed).toHaveLength(1);
    expect(() => acceptUnsignalledSsrc({} as RTCPeerConnection)).toThrow(/werift internals changed/);
  });
});
