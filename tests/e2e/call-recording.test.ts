/**
 * Call recording (issue 16 item 4) in Chromium, with the real service and two users whose fake
 * microphones play different tones (Alice 440 Hz, Bob 1000 Hz; one Chromium each, since the fake
 * microphone's file is per process).
 *
 * Allowed by the administrator: Alice records 5 s of the call; Bob sees "Recording" (her re-INVITE
 * said `a=record:on`, RFC 7866 §6.1) and it goes away when she stops; the file the service stored is
 * Ogg Opus that opusdec decodes, and it holds both voices (each tone measured with a Goertzel filter),
 * and it plays in Alice's Recordings list.
 * Off (the default): the Record button of the call panel is disabled with the reason, and the service
 * refuses an upload.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../common/api-types.js';
import type { RecordingListResponse } from '../../common/recording-types.js';
import { writeSineWav } from '../../server/src/media/sine-wav.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import {
  callAndAnswer,
  dial,
  openSignedUp,
  screenshot,
  waitForText,
} from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { decodeOpus, goertzelPower, makeToneOpus } from '../support/mail/audio-tools.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example', hz: 440 };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder', hz: 1000 };
/** How long Alice records: the length of the recording, not a wait for something to happen. */
const RECORD_MS = 5000;

async function tokenOf(service: TestService, user: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${service.baseUrl}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  return ((await res.json()) as SessionResponse).token;
}

describe('call recording allowed by the service', () => {
  let service: TestService;
  let dir: string;
  const browsers: TestBrowser[] = [];
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService({ recording: 'allowed' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-recording-'));
    const pages: Page[] = [];
    for (const person of [alice, bob]) {
      const file = path.join(dir, `${person.username}.wav`);
      await writeSineWav(file, { hz: person.hz, seconds: 2, volume: 0.4 });
      const browser = await launchChromium({ fakeAudioFile: file });
      browsers.push(browser);
      pages.push(await openSignedUp(browser, service.baseUrl, person));
    }
    [a, b] = pages as [Page, Page];
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await service?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('Alice records 5 s: Bob sees "Recording", and the stored Ogg Opus holds both voices', async () => {
    await callAndAnswer(a, b, 'bob');
    const record = a.getByRole('button', { name: 'Record', exact: true });
    await expect.poll(() => record.isEnabled(), { timeout: 10_000 }).toBe(true);
    const started = Date.now();
    await record.click();
    await waitForText(a, 'Recording: you are recording this call.');
    expect(await record.getAttribute('aria-pressed')).toBe('true');
    // The far side learns it from SIP (a=record:on in Alice's re-INVITE).
    const farNotice = b.getByText('Recording: Alice Example is recording this call.');
    await farNotice.waitFor({ timeout: 10_000 });
    await screenshot(b, '40-far-side-sees-recording');

    await a.waitForTimeout(RECORD_MS);
    await record.click(); // stop: a=record:off
    const recordedMs = Date.now() - started;
    await farNotice.waitFor({ state: 'detached', timeout: 10_000 });
    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'alice hung up.');
    await a.getByRole('button', { name: 'Close', exact: true }).click();

    // The recording reaches Alice's list (uploaded to the service store) and plays there.
    // Named as Alice's app knows Bob: his display name once known, else his address.
    const play = a.getByRole('button', { name: /^Play recording of call with (Bob Builder|bob@localhost)$/ });
    await play.waitFor({ timeout: 20_000 });
    await screenshot(a, '41-recordings-list');
    await play.click();
    await a.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 10_000 });

    const token = await tokenOf(service, alice);
    const list = (await (
      await fetch(`${service.baseUrl}/api/recordings`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as RecordingListResponse;
    expect(list.recordings).toHaveLength(1);
    const entry = list.recordings[0]!;
    expect(entry.peerUri).toBe('sip:bob@localhost');
    // At least the 5 s Alice recorded and at most the time between her clicks (the service measures
    // the Opus packets; on a loaded machine the audio graph starts late, so the stored part is shorter).
    console.info('recorded', { wallMs: recordedMs, storedMs: entry.durationMs });
    expect(entry.durationMs).toBeGreaterThan(RECORD_MS - 500);
    expect(entry.durationMs).toBeLessThan(recordedMs + 1000);

    const file = await fetch(`${service.baseUrl}/api/recordings/${entry.id}/audio?token=${token}`);
    expect(file.headers.get('content-type')).toBe('audio/ogg');
    const decoded = await decodeOpus(new Uint8Array(await file.arrayBuffer()));
    // Leave out the first second (the tone, and audio settling) and the last half second.
    const rate = decoded.sampleRate;
    const middle = decoded.samples.subarray(rate, decoded.samples.length - rate / 2);
    const power = (hz: number): number => goertzelPower(middle, rate, hz);
    const silence = power(2500); // nobody plays 2500 Hz
    console.info('recording tone powers', { 440: power(440), 1000: power(1000), 2500: silence });
    expect(power(alice.hz)).toBeGreaterThan(1e-4);
    expect(power(bob.hz)).toBeGreaterThan(1e-4);
    expect(power(alice.hz)).toBeGreaterThan(100 * silence);
    expect(power(bob.hz)).toBeGreaterThan(100 * silence);
  });
});

describe('call recording off (the default)', () => {
  let service: TestService;
  let browser: TestBrowser;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('shows Record disabled with the reason, and the service refuses an upload', async () => {
    const a2 = await openSignedUp(browser, service.baseUrl, alice);
    const b2 = await openSignedUp(browser, service.baseUrl, bob);
    // The call panel (and its Record button) is there from dialing on: the reason is the policy's.
    await dial(a2, 'bob');
    await b2.getByRole('button', { name: 'Answer', exact: true }).waitFor();
    const record = a2.getByRole('button', { name: 'Record', exact: true });
    const reason = a2.getByText('Recording is turned off by your administrator.');
    await reason.waitFor();
    expect(await record.isDisabled()).toBe(true);
    expect(await record.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'));
    await screenshot(a2, '42-record-disabled-by-policy');
    await a2.getByRole('button', { name: 'Hang up', exact: true }).click();

    const token = await tokenOf(service, alice);
    const res = await fetch(
      `${service.baseUrl}/api/recordings?peerUri=sip%3Abob%40localhost&direction=outgoing&startedAt=1`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/ogg' },
        body: new Uint8Array(await makeToneOpus(440, 1)),
      },
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'recording_disabled', message: 'Call recording is turned off on this service.' },
    });
  });
});
