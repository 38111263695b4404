/**
 * A person in the Parley web client (Chromium, WebRTC) and a plain SIP phone (baresip over UDP with
 * digest, PCMU) call each other through the real service, whose proxy anchors the media in a real
 * rtpengine (issue 10, "Media between WebRTC and plain phones"). A known tone crosses both ways: the
 * browser's analyser + getStats hear the phone's, baresip's recording holds the browser's. Each side
 * hangs up once, the phone puts the browser user on hold and back (a re-INVITE from the callee's side
 * through the relay), and the browser user puts the phone on hold and back with the client's Hold button
 * (baresip answers the relayed sendonly offer recvonly; after Resume audio flows both ways again).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger.js';
import { NgClient } from '../../server/src/media-relay/ng-client.js';
import { startService, type RunningService } from '../../server/src/service.js';
import { inboundAudio, pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { openClient, signUp, waitForText } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startBaresip, type Baresip } from '../support/peers/baresip.js';
import { startTestRtpengine, type TestRtpengine } from '../support/peers/rtpengine.js';
import { checkTone, readWavMono, wavSecondsWritten, writeToneWav } from '../support/peers/tone.js';

const BROWSER_HZ = 440;
const PHONE_HZ = 880;
const CANDIDATES = [BROWSER_HZ, PHONE_HZ, 660, 1000];
const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Browser' };
const bob = { username: 'bob', password: 'bob-phone-secret' };

/** In the page: the strongest candidate frequency in the call's remote audio (Web Audio analyser). */
const strongestTone = (candidates: readonly number[]): { hz: number; db: number } => {
  const w = window as unknown as {
    __parleyPeerConnections?: RTCPeerConnection[];
    relayAnalyser?: { pc: RTCPeerConnection; analyser: AnalyserNode };
  };
  const pc = (w.__parleyPeerConnections ?? []).filter((p) => p.connectionState !== 'closed').at(-1);
  const track = pc?.getReceivers().find((r) => r.track.kind === 'audio')?.track;
  if (pc === undefined || track === undefined) return { hz: 0, db: -Infinity };
  if (w.relayAnalyser?.pc !== pc) {
    // The client's own <audio> element plays this track, so Chromium decodes it for the analyser too.
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    w.relayAnalyser = { pc, analyser };
  }
  const { analyser } = w.relayAnalyser;
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

describe('a browser user and a plain SIP phone (UDP) through Parley and rtpengine', () => {
  let dir: string;
  let rtpengine: TestRtpengine;
  let service: RunningService;
  let baresip: Baresip;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuild();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-plain-phones-'));
    const tone = path.join(dir, 'tone.wav');
    await writeToneWav(tone, BROWSER_HZ, 2, 0.5);
    [rtpengine, browser] = await Promise.all([startTestRtpengine(), launchChromium({ fakeAudioFile: tone })]);
    service = await startService(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir: path.join(dir, 'data'),
        domain: 'localhost',
        iceServers: [],
        noAnswerTimeoutMs: 30_000,
        logLevel: 'silent',
        sipUdp: { host: '127.0.0.1', port: 0 },
        rtpengine: rtpengine.address,
      },
      silentLogger,
    );
    const created = await fetch(`${service.url}/api/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: bob.username, password: bob.password }),
    });
    expect(created.status).toBe(201);
    const udp = service.sip.listeners.find((l) => l.protocol === 'udp');
    if (udp === undefined) throw new Error('the service opened no UDP listener');
    baresip = await startBaresip({
      user: bob.username,
      toneHz: PHONE_HZ,
      registrar: { hostPort: `127.0.0.1:${udp.port}`, domain: 'localhost', password: bob.password },
    });
    await baresip.registered();
    page = await openClient(await browser.newContext(), service.url);
    await signUp(page, alice);
  });
  afterAll(async () => {
    await browser?.close();
    await baresip?.stop();
    await service?.close();
    await rtpengine?.stop();
    if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true });
  });

  /** The browser hears the phone's tone (analyser + getStats), and the phone records 2 s of the call. */
  const expectBrowserHearsPhone = async (): Promise<void> => {
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

  /** The Call-IDs rtpengine anchors now (ng `list`). */
  const relayedCalls = async (): Promise<string[]> => {
    const ng = new NgClient({ address: rtpengine.address });
    try {
      return (await ng.request('list'))['calls'] as string[];
    } finally {
      ng.close();
    }
  };

  const expectPhoneHeardBrowser = async (): Promise<void> => {
    const recordings = await baresip.recordings();
    const atPhone = checkTone(await readWavMono(recordings.at(-1) ?? ''), CANDIDATES);
    expect(atPhone.dominant).toBe(BROWSER_HZ);
    expect(atPhone.rms).toBeGreaterThan(0.02);
    expect(atPhone.seconds).toBeGreaterThan(1);
  };

  it('the browser user calls the phone; tone both ways; the browser hangs up', async () => {
    const box = page.getByRole('textbox', { name: 'Call a username' });
    await box.fill(bob.username);
    await box.press('Enter');
    await baresip.control.waitForType('CALL_ESTABLISHED'); // answermode=auto
    await waitForText(page, 'In call');
    expect(await relayedCalls()).toHaveLength(1); // the media goes through rtpengine
    await expectBrowserHearsPhone();

    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await baresip.control.waitForType('CALL_CLOSED');
    await waitForText(page, 'Call ended');
    // The proxy deleted the call in rtpengine on the BYE (it deletes without waiting for an answer).
    await pollUntil(relayedCalls, (calls) => calls.length === 0, 5000, 'the relay to forget the call');
    await expectPhoneHeardBrowser();
  });

  /** The SDP direction the browser's current remote description states for its audio. */
  const remoteDirection = (): Promise<string> =>
    page.evaluate(() => {
      const pcs = (window as unknown as { __parleyPeerConnections?: RTCPeerConnection[] })
        .__parleyPeerConnections;
      const pc = (pcs ?? []).filter((p) => p.connectionState !== 'closed').at(-1);
      const sdp = pc?.currentRemoteDescription?.sdp ?? '';
      return /^a=(sendrecv|sendonly|recvonly|inactive)/m.exec(sdp)?.[1] ?? 'sendrecv';
    });

  it('the phone puts the browser user on hold and back (re-INVITE through the relay); audio resumes', async () => {
    const box = page.getByRole('textbox', { name: 'Call a username' });
    await box.fill(bob.username);
    await box.press('Enter');
    await baresip.control.waitForType('CALL_ESTABLISHED', 10_000, 1);
    await waitForText(page, 'In call');
    await expectBrowserHearsPhone();

    // baresip's re-INVITE offers sendonly; rtpengine rewrites it for the browser, which answers recvonly.
    await baresip.control.command('hold');
    await pollUntil(remoteDirection, (d) => d === 'sendonly', 10_000, 'the hold offer in the browser');
    await baresip.control.command('resume');
    await pollUntil(remoteDirection, (d) => d === 'sendrecv', 10_000, 'the resume offer in the browser');
    const before = (await inboundAudio(page)).packetsReceived;
    await pollUntil(
      () => inboundAudio(page),
      (s) => s.packetsReceived > before + 25,
      10_000,
      'audio again after resume',
    );
    expect(await relayedCalls()).toHaveLength(1);

    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await baresip.control.waitForType('CALL_CLOSED', 10_000, 1);
    await waitForText(page, 'Call ended');
    await pollUntil(relayedCalls, (calls) => calls.length === 0, 5000, 'the relay to forget the call');
  });

  it('the phone calls the browser user; tone both ways; the phone hangs up', async () => {
    await baresip.dial(`sip:${alice.username}@localhost`);
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await baresip.control.waitForType('CALL_ESTABLISHED', 10_000, 2);
    await waitForText(page, 'In call');
    expect(await relayedCalls()).toHaveLength(1);
    await expectBrowserHearsPhone();

    await baresip.hangup();
    await baresip.control.waitForType('CALL_CLOSED', 10_000, 2);
    await waitForText(page, 'Call ended');
    await pollUntil(relayedCalls, (calls) => calls.length === 0, 5000, 'the relay to forget the call');
    await expectPhoneHeardBrowser();
  });

  /** The SDP direction of the audio in the browser's current local and remote descriptions. */
  const directions = (): Promise<{ local: string; remote: string }> =>
    page.evaluate(() => {
      const pcs = (window as unknown as { __parleyPeerConnections?: RTCPeerConnection[] })
        .__parleyPeerConnections;
      const pc = (pcs ?? []).filter((p) => p.connectionState !== 'closed').at(-1);
      const of = (sdp: string | undefined): string =>
        /^a=(sendrecv|sendonly|recvonly|inactive)/m.exec(sdp ?? '')?.[1] ?? 'sendrecv';
      return { local: of(pc?.currentLocalDescription?.sdp), remote: of(pc?.currentRemoteDescription?.sdp) };
    });

  /**
   * The receive bitrate in baresip's last status line printed after `from` (characters of its output):
   * `audio=TX/RX (bit/s)`, 0 before one. (Its recording cannot tell: baresip 1.0's sndfile stops dumping
   * once a re-INVITE updates the stream, although the audio plays on.)
   */
  const phoneReceiveBitrate = (from: number): number => {
    const last = [
      ...baresip
        .log()
        .slice(from)
        .matchAll(/audio=(\d+)\/(\d+) \(bit\/s\)/g),
    ].at(-1);
    return last === undefined ? 0 : Number(last[2]);
  };

  it('the browser user puts the phone on hold and back with Hold/Resume (re-INVITE through the relay)', async () => {
    const box = page.getByRole('textbox', { name: 'Call a username' });
    await box.fill(bob.username);
    await box.press('Enter');
    await baresip.control.waitForType('CALL_ESTABLISHED', 10_000, 3);
    await waitForText(page, 'In call');
    await expectBrowserHearsPhone();
    const offersBefore = baresip.control.events.filter((e) => e.type === 'CALL_REMOTE_SDP').length;

    // Hold: the browser offers sendonly, rtpengine passes it on, baresip answers recvonly.
    await page.getByRole('button', { name: 'Hold', exact: true }).click();
    await page.getByRole('button', { name: 'Resume', exact: true }).waitFor();
    await waitForText(page, 'On hold');
    await baresip.control.waitForType('CALL_REMOTE_SDP', 10_000, offersBefore);
    expect(await directions()).toEqual({ local: 'sendonly', remote: 'recvonly' });
    expect(await relayedCalls()).toHaveLength(1);

    const beforeResume = baresip.log().length;
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await page.getByRole('button', { name: 'Hold', exact: true }).waitFor();
    await waitForText(page, 'In call');
    await baresip.control.waitForType('CALL_REMOTE_SDP', 10_000, offersBefore + 1);
    expect(await directions()).toEqual({ local: 'sendrecv', remote: 'sendrecv' });
    // Audio flows both ways again: the browser hears the phone's tone, and the phone receives RTP.
    await expectBrowserHearsPhone();
    const rx = await pollUntil(
      async () => phoneReceiveBitrate(beforeResume),
      (bits) => bits > 32_000,
      10_000,
      'baresip receiving audio after the resume',
    );
    expect(rx).toBeGreaterThan(32_000);
    expect(await relayedCalls()).toHaveLength(1);

    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await baresip.control.waitForType('CALL_CLOSED', 10_000, 3);
    await waitForText(page, 'Call ended');
    await pollUntil(relayedCalls, (calls) => calls.length === 0, 5000, 'the relay to forget the call');
  });
});
