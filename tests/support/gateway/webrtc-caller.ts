/**
 * A WebRTC caller for the gateway tests and bench: werift (ICE + DTLS-SRTP, Opus only, as a browser's
 * leg) over a raw SIP-over-WebSocket client that answers the proxy's digest challenge, ACKs the 2xx along
 * its Record-Route set and hangs up. It plays a tone and keeps every RTP packet it decrypts (tapped below
 * werift's SSRC router: rtpengine's transcoder sends from an SSRC of its own).
 */
import { RTCRtpCodecParameters, type RtpPacket } from 'werift';
import { createOpusTone } from '../../../server/src/media/opus-tone.js';
import { WeriftSessionDescriptionHandler } from '../../../server/src/media/werift-session-description-handler.js';
import { buildRequest, digestAnswer, RawSipClient, type RawFrame } from '../sip/raw-sip-client.js';

export interface WebrtcCall {
  /** The 200 OK to the INVITE. */
  readonly ok: RawFrame;
  readonly heard: RtpPacket[];
  /** Resolves once `count` packets were heard. */
  heardAtLeast(count: number): Promise<void>;
  /** BYE along the route set; resolves with its final response. */
  hangUp(): Promise<RawFrame>;
  close(): void;
}

export async function placeWebrtcCall(options: {
  readonly sipUrl: string;
  readonly username: string;
  readonly password: string;
  readonly domain: string;
  /** e.g. `sip:+442079460018@localhost;user=phone` */
  readonly target: string;
  readonly toneHz: number;
}): Promise<WebrtcCall> {
  const webrtc = new WeriftSessionDescriptionHandler({
    peerConfig: {
      codecs: {
        audio: [
          new RTCRtpCodecParameters({
            mimeType: 'audio/opus',
            clockRate: 48_000,
            channels: 2,
            payloadType: 111,
          }),
        ],
      },
    },
  });
  const ws = await RawSipClient.connect(options.sipUrl);
  const close = (): void => {
    webrtc.close();
    ws.close();
  };
  try {
    const heard: RtpPacket[] = [];
    const waiters: Array<{ count: number; resolve: () => void }> = [];
    const offer = (await webrtc.getDescription()).body;
    const callId = `webrtc-${ws.contactUser}`;
    const fromTag = `w${ws.contactUser}`;
    const from = `sip:${options.username}@${options.domain}`;
    const invite = (cseq: number, extra: string[] = []): string =>
      buildRequest({
        method: 'INVITE',
        ruri: options.target,
        from,
        to: options.target,
        callId,
        cseq,
        viaHost: ws.viaHost,
        headers: [
          `Contact: <sip:${ws.contactUser}@${ws.viaHost};transport=ws>`,
          'Content-Type: application/sdp',
          ...extra,
        ],
        body: offer,
      }).replace(/^(From: <[^>]+>);tag=\w+/m, `$1;tag=${fromTag}`);
    const challenge = await ws.request(invite(1));
    if (challenge.status !== 407) throw new Error(`INVITE: expected 407, got ${challenge.status}`);
    const auth = digestAnswer(challenge.header('Proxy-Authenticate') ?? '', {
      username: options.username,
      password: options.password,
      method: 'INVITE',
      uri: options.target,
    });
    const ok = await ws.request(invite(2, [`Proxy-Authorization: ${auth}`]));
    if (ok.status !== 200) throw new Error(`INVITE: ${ok.status}`);
    const routes = ok.headers('Record-Route').reverse();
    const remoteTarget = /<([^>]+)>/.exec(ok.header('Contact') ?? '')?.[1] ?? options.target;
    const inDialog = (method: string, cseq: number): string =>
      [
        `${method} ${remoteTarget} SIP/2.0`,
        `Via: SIP/2.0/WS ${ws.viaHost};branch=z9hG4bK${method}${cseq}${ws.contactUser}`,
        'Max-Forwards: 70',
        ...routes.map((r) => `Route: ${r}`),
        `From: <${from}>;tag=${fromTag}`,
        `To: ${ok.header('To') ?? ''}`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} ${method}`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    ws.send(inDialog('ACK', 2));
    await webrtc.setDescription(ok.text.slice(ok.text.indexOf('\r\n\r\n') + 4));
    for (const transport of webrtc.peerConnection.dtlsTransports) {
      transport.onRtp.subscribe((rtp) => {
        heard.push(rtp);
        for (const w of waiters.filter((x) => heard.length >= x.count)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      });
    }
    await webrtc.whenConnected();
    void webrtc.sendOpusFrames(await createOpusTone({ hz: options.toneHz }), { loop: true });
    return {
      ok,
      heard,
      heardAtLeast: (count) =>
        heard.length >= count
          ? Promise.resolve()
          : new Promise((resolve) => waiters.push({ count, resolve })),
      hangUp: () => ws.request(inDialog('BYE', 3)),
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}
