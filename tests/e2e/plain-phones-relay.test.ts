/**
 * Chromium ⇄ rtpengine ⇄ baresip with the relay's flags, the SIP (UDP) and offer/answer driven by the
 * test: proves the SDP the relay hands each side is one a real browser and a real phone accept, and
 * that a known tone crosses in both directions (the browser's analyser and getStats; baresip's recording).
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NgClient } from '../../server/src/media-relay/ng-client.js';
import { createRtpengineRelay, type RtpengineRelay } from '../../server/src/media-relay/rtpengine-relay.js';
import { inboundAudio, pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { startBaresip, type Baresip } from '../support/peers/baresip.js';
import { startTestRtpengine, type TestRtpengine } from '../support/peers/rtpengine.js';
import { checkTone, readWavMono, wavSecondsWritten, writeToneWav } from '../support/peers/tone.js';
import { openUdpCall } from '../integration/media-relay/udp-uac.js';
import { openUdpUas } from '../integration/media-relay/udp-uas.js';

const BROWSER_HZ = 440;
const PHONE_HZ = 880;
const CANDIDATES = [BROWSER_HZ, PHONE_HZ, 660, 1000];

/**
 * In the page: a peer connection with the fake microphone (no processing) that plays what it receives;
 * makes an offer (no `remoteOffer`) or answers one, and returns the local SDP once gathering is complete.
 */
const startPeer = async (remoteOffer: string | null): Promise<string> => {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  const pc = new RTCPeerConnection({ iceServers: [] });
  (window as unknown as { relayPc: RTCPeerConnection }).relayPc = pc;
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  pc.ontrack = (event) => {
    // Remote audio is decoded only while an unmuted element plays it (FIELD-NOTES, Chromium).
    const audio = document.createElement('audio');
    const remote = event.streams[0] ?? new MediaStream([event.track]);
    audio.srcObject = remote;
    audio.autoplay = true;
    document.body.append(audio);
    void audio.play();
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    context.createMediaStreamSource(remote).connect(analyser);
    (window as unknown as { relayAnalyser: AnalyserNode }).relayAnalyser = analyser;
  };
  if (remoteOffer === null) {
    await pc.setLocalDescription(await pc.createOffer());
  } else {
    await pc.setRemoteDescription({ type: 'offer', sdp: remoteOffer });
    await pc.setLocalDescription(await pc.createAnswer());
  }
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') resolve();
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === 'complete') resolve();
    };
  });
  return pc.localDescription?.sdp ?? '';
};

/** In the page: the strongest of the candidate frequencies in what the remote track plays now. */
const strongestTone = (candidates: readonly number[]): { hz: number; db: number } => {
  const analyser = (window as unknown as { relayAnalyser?: AnalyserNode }).relayAnalyser;
  if (analyser === undefined) return { hz: 0, db: -Infinity };
  const bins = new Float32Array(analyser.frequencyBinCount);
  analyser.getFloatFrequencyData(bins);
  const binHz = analyser.context.sampleRate / analyser.fftSize;
  let best = { hz: 0, db: -Infinity };
  for (const hz of candidates) {
    const at = Math.round(hz / binHz);
    const db = Math.max(bins[at - 1] ?? -Infinity, bins[at] ?? -Infinity, bins[at + 1] ?? -Infinity);
    if (db > best.db) best = { hz, db };
  }
  return best;
};

describe('Chromium ⇄ rtpengine ⇄ baresip (offer/answer through the relay hook)', () => {
  let rtpengine: TestRtpengine;
  let relay: RtpengineRelay;
  let baresip: Baresip;
  let browser: TestBrowser;
  let server: http.Server;
  let pageUrl: string;
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-relay-e2e-'));
    const tone = path.join(dir, 'tone.wav');
    await writeToneWav(tone, BROWSER_HZ, 2, 0.5);
    [rtpengine, baresip, browser] = await Promise.all([
      startTestRtpengine(),
      startBaresip({ toneHz: PHONE_HZ }),
      launchChromium({ fakeAudioFile: tone }),
    ]);
    relay = createRtpengineRelay({ address: rtpengine.address });
    // getUserMedia needs a secure context: an empty page on http://127.0.0.1.
    server = http.createServer((_request, response) => response.end('<!doctype html><title>relay</title>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(async () => {
    relay?.close();
    await Promise.all([rtpengine?.stop(), baresip?.stop(), browser?.close()]);
    server?.close();
    if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true });
  });

  const openPage = async (): Promise<Page> => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(pageUrl);
    return page;
  };

  /** Waits for ICE + DTLS, the phone's tone in the browser (analyser + getStats), and 2 s in the phone's recording. */
  const expectBrowserHearsPhone = async (page: Page): Promise<void> => {
    await page.waitForFunction(
      () => (window as unknown as { relayPc: RTCPeerConnection }).relayPc.connectionState === 'connected',
    );
    const heard = await pollUntil(
      () => page.evaluate(strongestTone, CANDIDATES),
      (tone) => tone.hz === PHONE_HZ && tone.db > -60,
      15_000,
      `${PHONE_HZ} Hz in the browser`,
    );
    expect(heard.hz).toBe(PHONE_HZ);
    const stats = await pollUntil(
      () => inboundAudio(page),
      (s) => s.packetsReceived > 20 && s.totalAudioEnergy > 0,
      15_000,
      'inbound audio in getStats',
    );
    expect(stats.totalAudioEnergy).toBeGreaterThan(0);
    // The call lasts until the phone has recorded 2 s of what it hears (its file's length tells).
    await pollUntil(
      async () => wavSecondsWritten((await baresip.recordings()).at(-1) ?? ''),
      (seconds) => seconds >= 2,
      10_000,
      "2 s in baresip's recording",
    );
  };

  /** The phone heard the browser's tone: baresip's recording of what it decoded in the last call. */
  const expectPhoneHeardBrowser = async (): Promise<void> => {
    const recordings = await baresip.recordings();
    const atPhone = checkTone(await readWavMono(recordings.at(-1) ?? ''), CANDIDATES);
    expect(atPhone.dominant).toBe(BROWSER_HZ);
    expect(atPhone.rms).toBeGreaterThan(0.02);
    expect(atPhone.seconds).toBeGreaterThan(1);
  };

  /** After delete, rtpengine no longer knows the call (its ports are free). */
  const expectRelayForgot = async (callId: string): Promise<void> => {
    const ng = new NgClient({ address: rtpengine.address });
    try {
      await expect(ng.request('query', { 'call-id': callId })).rejects.toMatchObject({ code: 'refused' });
    } finally {
      ng.close();
    }
  };

  it('the browser calls the phone: tone heard both ways; the browser side hangs up', async () => {
    const page = await openPage();
    const offer = await page.evaluate(startPeer, null);
    const call = await openUdpCall(baresip.uri);
    const leg = { callId: call.callId, fromTag: call.fromTag };
    try {
      const toPhone = await relay.offer(leg, offer, 'webrtc', 'plain');
      const answer = await call.invite(toPhone);
      expect(answer.status).toBe(200);
      const toBrowser = await relay.answer({ ...leg, toTag: answer.toTag }, answer.sdp, 'plain', 'webrtc');
      await page.evaluate(async (sdp) => {
        const pc = (window as unknown as { relayPc: RTCPeerConnection }).relayPc;
        await pc.setRemoteDescription({ type: 'answer', sdp });
      }, toBrowser);
      await baresip.control.waitForType('CALL_ESTABLISHED');
      await expectBrowserHearsPhone(page);

      await call.bye();
      await baresip.control.waitForType('CALL_CLOSED');
    } finally {
      call.close();
      await relay.delete(leg);
      await page.close();
    }
    await expectRelayForgot(leg.callId);
    await expectPhoneHeardBrowser();
  });

  it('the phone calls the browser: tone heard both ways; the phone hangs up', async () => {
    const page = await openPage();
    const uas = await openUdpUas();
    try {
      const invited = uas.nextInvite();
      await baresip.dial(uas.uri);
      const { callId, fromTag, sdp } = await invited;
      expect(sdp).toMatch(/^m=audio \d+ RTP\/AVP /m);
      const leg = { callId, fromTag };
      const toBrowser = await relay.offer(leg, sdp, 'plain', 'webrtc');
      expect(toBrowser).toMatch(/^a=rtpmap:\d+ opus\/48000/m); // offered for Opus-only agents too
      const browserAnswer = await page.evaluate(startPeer, toBrowser);
      // The browser keeps the offer's order: it answers with the phone's PCMU, so nothing is transcoded.
      expect(browserAnswer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0[ \r]/m);
      const toPhone = await relay.answer({ ...leg, toTag: uas.toTag }, browserAnswer, 'webrtc', 'plain');
      expect(toPhone).toMatch(/^m=audio \d+ RTP\/AVP 0/m);
      await uas.answer(toPhone);
      await baresip.control.waitForType('CALL_ESTABLISHED', 10_000, 1);
      await expectBrowserHearsPhone(page);

      const bye = uas.byeReceived();
      await baresip.hangup();
      await bye;
      await relay.delete(leg);
      await expectRelayForgot(callId);
    } finally {
      uas.close();
      await page.close();
    }
    await baresip.control.waitForType('CALL_CLOSED', 10_000, 1);
    await expectPhoneHeardBrowser();
  });
});
