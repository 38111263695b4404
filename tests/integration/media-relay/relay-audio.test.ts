/**
 * The relay carries audio: a WebRTC leg (werift: ICE + DTLS-SRTP, Opus only) calls a real baresip
 * (plain RTP/AVP, PCMU/PCMA only) through a real rtpengine, with this test doing the SIP over UDP and
 * the offer/answer through the relay hook. Each side plays its own tone; each must hear the other's:
 * rtpengine terminates DTLS-SRTP and transcodes Opus ⇄ PCMU in both directions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OggOpusWriter } from '../../../server/src/mail/ogg-opus-writer.js';
import {
  createRtpengineRelay,
  type RtpengineRelay,
} from '../../../server/src/media-relay/rtpengine-relay.js';
import { createOpusTone } from '../../../server/src/media/opus-tone.js';
import {
  WeriftSessionDescriptionHandler,
  type ReceivedRtp,
} from '../../../server/src/media/werift-session-description-handler.js';
import { decodeOpus } from '../../support/mail/audio-tools.js';
import { startBaresip, type Baresip } from '../../support/peers/baresip.js';
import { startTestRtpengine, type TestRtpengine } from '../../support/peers/rtpengine.js';
import { checkTone, readWavMono } from '../../support/peers/tone.js';
import { openUdpCall } from './udp-uac.js';

const BROWSER_HZ = 440;
const PHONE_HZ = 880;
const CANDIDATES = [BROWSER_HZ, PHONE_HZ, 660, 1000];
/** 2 s of 20 ms packets heard by the WebRTC leg before hanging up. */
const PACKETS_TO_HEAR = 100;

describe('WebRTC ⇄ rtpengine ⇄ baresip: audio both ways', () => {
  let rtpengine: TestRtpengine;
  let relay: RtpengineRelay;
  let baresip: Baresip;

  beforeAll(async () => {
    [rtpengine, baresip] = await Promise.all([startTestRtpengine(), startBaresip({ toneHz: PHONE_HZ })]);
    relay = createRtpengineRelay({ address: rtpengine.address });
  });
  afterAll(async () => {
    relay?.close();
    await Promise.all([rtpengine?.stop(), baresip?.stop()]);
  });

  it('a WebRTC caller and a PCMU phone hear each other through the relay', async () => {
    // werift numbers Opus 96 in its own offer; its sender stamps that number on what it sends.
    const webrtc = new WeriftSessionDescriptionHandler();
    // What the leg's track plays. rtpengine's transcoder sends from an SSRC of its own, one the SDP never
    // listed: werift alone would drop it; the handler accepts it (werift-unsignalled-ssrc.ts).
    const heard: ReceivedRtp[] = [];
    let heardEnough: () => void = () => undefined;
    const enoughHeard = new Promise<void>((resolve) => (heardEnough = resolve));
    webrtc.onRtp((rtp) => {
      heard.push(rtp);
      if (heard.length === PACKETS_TO_HEAR) heardEnough();
    });
    let opusType: string | undefined;
    const call = await openUdpCall(baresip.uri);
    try {
      const offer = (await webrtc.getDescription()).body;
      opusType = /^m=audio \d+ UDP\/TLS\/RTP\/SAVPF (\d+)\r?$/m.exec(offer)?.[1]; // Opus only
      expect(offer).toMatch(new RegExp(`^a=rtpmap:${opusType} opus/48000/2`, 'm'));

      const leg = { callId: call.callId, fromTag: call.fromTag };
      const toPhone = await relay.offer(leg, offer, 'webrtc', 'plain');
      const answer = await call.invite(toPhone);
      expect(answer.status).toBe(200);
      expect(answer.sdp).toMatch(/^m=audio \d+ RTP\/AVP 0/m); // baresip chose PCMU

      const toBrowser = await relay.answer({ ...leg, toTag: answer.toTag }, answer.sdp, 'plain', 'webrtc');
      await webrtc.setDescription(toBrowser);
      await webrtc.whenConnected();
      await baresip.control.waitForType('CALL_ESTABLISHED');
      void webrtc.sendOpusFrames(await createOpusTone({ hz: BROWSER_HZ }), { loop: true });
      await enoughHeard;

      await call.bye();
      await baresip.control.waitForType('CALL_CLOSED');
      await relay.delete(leg);
    } finally {
      webrtc.close();
      call.close();
    }

    // What the WebRTC leg heard: Opus (transcoded from baresip's PCMU) carrying the phone's tone.
    expect(new Set(heard.map((rtp) => rtp.payloadType))).toEqual(new Set([Number(opusType)]));
    const writer = new OggOpusWriter();
    for (const rtp of heard) writer.write(rtp.payload, rtp.timestamp);
    const decoded = await decodeOpus(writer.finish());
    const atBrowser = checkTone({ samples: decoded.samples, sampleRate: decoded.sampleRate }, CANDIDATES);
    expect(atBrowser.dominant).toBe(PHONE_HZ);
    expect(atBrowser.rms).toBeGreaterThan(0.05);
    expect(atBrowser.seconds).toBeGreaterThan(1);

    // What baresip heard (its sndfile recording of the decoded PCMU): the WebRTC leg's tone.
    const recordings = await baresip.recordings();
    expect(recordings.length).toBeGreaterThan(0);
    const atPhone = checkTone(await readWavMono(recordings.at(-1) ?? ''), CANDIDATES);
    expect(atPhone.dominant).toBe(BROWSER_HZ);
    expect(atPhone.rms).toBeGreaterThan(0.05);
    expect(atPhone.seconds).toBeGreaterThan(1);
  });
});
