/**
 * A WebRTC user through the gateway (issue 11): werift (ICE + DTLS-SRTP, Opus only, as a browser's leg)
 * calls `sip:+E164@DOMAIN` over WebSocket; the proxy anchors the media in a real rtpengine (WebRTC ⇄ plain
 * RTP, Opus ⇄ PCMU), the B2BUA carries the call to a sipp carrier that echoes the RTP. The user must hear
 * its own tone back: SRTP Opus → rtpengine → PCMU at the carrier → echoed → rtpengine → SRTP Opus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RtpPacket } from 'werift';
import { OggOpusWriter } from '../../../server/src/mail/ogg-opus-writer.js';
import {
  createTestGatewayPolicy,
  trunk,
  type TestGatewayPolicy,
} from '../../support/gateway/test-gateway-policy.js';
import { placeWebrtcCall } from '../../support/gateway/webrtc-caller.js';
import { decodeOpus } from '../../support/mail/audio-tools.js';
import { freeUdpPort, startSipp } from '../../support/peers/sipp.js';
import { startTestRtpengine, type TestRtpengine } from '../../support/peers/rtpengine.js';
import { checkTone } from '../../support/peers/tone.js';
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
    let heard: RtpPacket[] = [];
    try {
      const call = await placeWebrtcCall({
        sipUrl: test.sipUrl,
        username: 'alice',
        password: 'alice-web-secret',
        domain: 'localhost',
        target: TARGET,
        toneHz: TONE_HZ,
      });
      try {
        // rtpengine speaks WebRTC to the user, PCMU to the carrier.
        expect(call.ok.text).toMatch(/UDP\/TLS\/RTP\/SAVPF/);
        await call.heardAtLeast(100);
        heard = call.heard.slice();
        expect((await call.hangUp()).status).toBe(200);
      } finally {
        call.close();
      }
      expect((await carrier.done).successful).toBe(1);
    } finally {
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
