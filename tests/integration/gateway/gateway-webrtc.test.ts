/**
 * A WebRTC user through the gateway (issue 11): werift (ICE + DTLS-SRTP, Opus only, as a browser's leg)
 * calls `sip:+E164@DOMAIN` over WebSocket; the proxy anchors the media in a real rtpengine (WebRTC ⇄ plain
 * RTP, Opus ⇄ PCMU), the B2BUA carries the call to a sipp carrier that echoes the RTP. The user must hear
 * its own tone back: SRTP Opus → rtpengine → PCMU at the carrier → echoed → rtpengine → SRTP Opus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RTCRtpCodecParameters, type RtpPacket } from 'werift';
import { OggOpusWriter } from '../../../server/src/mail/ogg-opus-writer.js';
import { createOpusTone } from '../../../server/src/media/opus-tone.js';
import { WeriftSessionDescriptionHandler } from '../../../server/src/media/werift-session-description-handler.js';
import {
  createTestGatewayPolicy,
  trunk,
  type TestGatewayPolicy,
} from '../../support/gateway/test-gateway-policy.js';
import { decodeOpus } from '../../support/mail/audio-tools.js';
import { freeUdpPort, startSipp } from '../../support/peers/sipp.js';
import { startTestRtpengine, type TestRtpengine } from '../../support/peers/rtpengine.js';
import { checkTone } from '../../support/peers/tone.js';
import { buildRequest, digestAnswer, RawSipClient, type RawFrame } from '../../support/sip/raw-sip-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

const TONE_HZ = 440;
const NUMBER = '+442079460018';
const TARGET = `sip:${NUMBER}@localhost;user=phone`;

let rtpengine: TestRtpengine;
let test: TestService;
let policy: TestGatewayPolicy;

beforeAll(async () => {
  rtpengine = await startTestRtpengine();
  policy = createTestGatewayPolicy({ trunks: [] });
  test = await startTestService({
    sip: { sipUdp: { host: '127.0.0.1', port: 0 } },
    rtpengine: rtpengine.address,
    serviceOptions: { gatewayPolicy: policy },
  });
  await test.createAccount('alice', 'alice-web-secret');
  policy.allowed.add('alice');
});
afterAll(async () => {
  await test?.stop();
  await rtpengine?.stop();
});

describe('gateway with a WebRTC user and rtpengine', () => {
  it('the user hears its own tone echoed by the carrier through rtpengine and the trunk', async () => {
    const sipPort = test.service.sip.listeners.find((l) => l.protocol === 'udp')!.port;
    const carrierPort = await freeUdpPort();
    const carrier = await startSipp({
      scenario: 'carrier-answer.xml',
      remotePort: sipPort,
      domain: 'localhost',
      localPort: carrierPort,
      extraArgs: ['-rtp_echo'],
    });
    policy.setTrunks([trunk('first', carrierPort)]);
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
    const ws = await RawSipClient.connect(test.sipUrl);
    const heard: RtpPacket[] = [];
    let enough: () => void = () => undefined;
    const heardEnough = new Promise<void>((resolve) => (enough = resolve));
    try {
      const offer = (await webrtc.getDescription()).body;
      const callId = `webrtc-${ws.contactUser}`;
      const invite = (cseq: number, extra: string[] = []): string =>
        buildRequest({
          method: 'INVITE',
          ruri: TARGET,
          from: 'sip:alice@localhost',
          to: TARGET,
          callId,
          cseq,
          viaHost: ws.viaHost,
          headers: [
            `Contact: <sip:${ws.contactUser}@${ws.viaHost};transport=ws>`,
            'Content-Type: application/sdp',
            ...extra,
          ],
          body: offer,
        }).replace(/;tag=\w+/, ';tag=webrtc1');
      const challenge = await ws.request(invite(1));
      expect(challenge.status).toBe(407);
      const auth = digestAnswer(challenge.header('Proxy-Authenticate') ?? '', {
        username: 'alice',
        password: 'alice-web-secret',
        method: 'INVITE',
        uri: TARGET,
      });
      const ok: RawFrame = await ws.request(invite(2, [`Proxy-Authorization: ${auth}`]));
      expect(ok.status).toBe(200);
      const answer = ok.text.slice(ok.text.indexOf('\r\n\r\n') + 4);
      expect(answer).toMatch(/UDP\/TLS\/RTP\/SAVPF/); // rtpengine speaks WebRTC to the user
      const routes = ok.headers('Record-Route').reverse();
      const inDialog = (method: string, cseq: number): string =>
        [
          `${method} ${/<([^>]+)>/.exec(ok.header('Contact') ?? '')?.[1] ?? TARGET} SIP/2.0`,
          `Via: SIP/2.0/WS ${ws.viaHost};branch=z9hG4bK${method}${cseq}${Date.now()}`,
          'Max-Forwards: 70',
          ...routes.map((r) => `Route: ${r}`),
          'From: <sip:alice@localhost>;tag=webrtc1',
          `To: ${ok.header('To') ?? ''}`,
          `Call-ID: ${callId}`,
          `CSeq: ${cseq} ${method}`,
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n');
      ws.send(inDialog('ACK', 2));

      await webrtc.setDescription(answer);
      for (const transport of webrtc.peerConnection.dtlsTransports) {
        transport.onRtp.subscribe((rtp) => {
          heard.push(rtp);
          if (heard.length === 100) enough();
        });
      }
      await webrtc.whenConnected();
      void webrtc.sendOpusFrames(await createOpusTone({ hz: TONE_HZ }), { loop: true });
      await heardEnough;
      expect((await ws.request(inDialog('BYE', 3))).status).toBe(200);
      expect((await carrier.done).successful).toBe(1);
    } finally {
      webrtc.close();
      ws.close();
      await carrier.stop();
    }
    const writer = new OggOpusWriter();
    for (const rtp of heard) writer.write(rtp.payload, rtp.header.timestamp);
    const decoded = await decodeOpus(writer.finish());
    const tone = checkTone({ samples: decoded.samples, sampleRate: decoded.sampleRate }, [
      TONE_HZ,
      660,
      880,
      1000,
    ]);
    expect(tone.dominant).toBe(TONE_HZ);
    expect(tone.rms).toBeGreaterThan(0.05);
  });
});
