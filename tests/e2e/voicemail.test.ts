/**
 * Voicemail end to end in Chromium, served by the service's own store (issue 6): Alice calls Bob, Bob
 * declines, Alice hears the greeting and leaves a message (the fake microphone plays a tone), hangs up;
 * Bob sees the badge, opens the Voicemail view, plays the message (the <audio> element really plays and
 * the row becomes heard), deletes it. Then Bob changes his ring time and records a greeting, which the
 * client remuxes from Chromium's WebM to Ogg Opus and the service accepts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserSettings, VoicemailListResponse } from '../../common/api-types.js';
import { SESSION_STORAGE_KEY } from '../../renderer/src/app/session-persistence.js';
import { pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { leaveVoicemail, openSignedUp, screenshot, waitForText } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };

/** Bob's session token, read from the page's saved session, for checking the service's side. */
async function tokenOf(page: Page): Promise<string> {
  const raw = await page.evaluate((key) => localStorage.getItem(key) ?? '', SESSION_STORAGE_KEY);
  return (JSON.parse(raw) as { token: string }).token;
}

async function api<T>(service: TestService, token: string, url: string): Promise<T> {
  const response = await fetch(service.baseUrl + url, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('voicemail in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService({ voicemail: true });
    browser = await launchChromium({ steadyTone: true });
    a = await openSignedUp(browser, service.baseUrl, alice);
    b = await openSignedUp(browser, service.baseUrl, bob);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('a declined call goes to voicemail; the callee sees the badge, plays the message, and deletes it', async () => {
    // Nothing yet: the entry reads "Voicemail" and the view says so.
    await b.getByRole('button', { name: 'Voicemail', exact: true }).click();
    await b.getByText('No voicemail.', { exact: true }).waitFor();
    await screenshot(b, 'voicemail-01-empty');
    await b.getByRole('button', { name: 'Back to calls' }).click();

    // Alice calls, Bob declines: the service diverts the call to Bob's voicemail. The default greeting
    // (~9 s) and the beep, then Alice "speaks" (her tone) for about 4 s.
    await leaveVoicemail(a, b, 'bob', 14_000);

    // Bob's badge counts it, live (SSE), without a reload.
    const entry = b.getByRole('button', { name: 'Voicemail, 1 new', exact: true });
    await entry.waitFor({ timeout: 20_000 });
    await screenshot(b, 'voicemail-02-badge');
    await b
      .getByRole('button', { name: 'Close', exact: true })
      .click()
      .catch(() => undefined);
    await entry.click();
    const row = b.getByRole('listitem', { name: /^New voicemail from Alice Example/ });
    await row.waitFor();
    await expect(row.getByText('New', { exact: true }).count()).resolves.toBe(1);
    const token = await tokenOf(b);
    const before = await api<VoicemailListResponse>(service, token, '/api/voicemails');
    expect(before.newCount).toBe(1);
    const vm = before.voicemails[0]!;
    expect(vm.durationMs).toBeGreaterThan(2_000);
    expect(vm.peaks.length).toBeGreaterThan(0);
    await screenshot(b, 'voicemail-03-list');

    // Play: the <audio> element plays the recording (time advances), the row turns heard.
    await b.getByRole('button', { name: 'Play voicemail from Alice Example', exact: true }).click();
    await b.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const audio = b.getByRole('region', { name: 'Voicemail' }).locator('audio');
    const played = await pollUntil(
      () => audio.evaluate((el: HTMLAudioElement) => ({ t: el.currentTime, paused: el.paused, src: el.src })),
      (s) => s.t > 1,
      10_000,
      'the voicemail to play',
    );
    expect(played.src.startsWith('blob:')).toBe(true);
    expect(played.paused).toBe(false);
    await b.getByRole('listitem', { name: /^Voicemail from Alice Example/ }).waitFor();
    await b.getByRole('button', { name: 'Voicemail', exact: true }).waitFor({ state: 'attached' });
    // The waveform shows progress while playing.
    expect(await b.locator('.waveform .bar.played').count()).toBeGreaterThan(0);
    await screenshot(b, 'voicemail-04-playing');
    await b.getByRole('button', { name: 'Pause', exact: true }).click();
    await b.getByRole('button', { name: 'Play voicemail from Alice Example', exact: true }).waitFor();
    const after = await api<VoicemailListResponse>(service, token, '/api/voicemails');
    expect(after.newCount).toBe(0);
    expect(after.voicemails[0]!.heard).toBe(true);

    // Delete: gone from the list and from the service.
    await b.getByRole('button', { name: 'Delete voicemail from Alice Example', exact: true }).click();
    await b.getByText('No voicemail.', { exact: true }).waitFor();
    expect((await api<VoicemailListResponse>(service, token, '/api/voicemails')).voicemails).toEqual([]);
    await b.keyboard.press('Escape');
    await b.getByRole('button', { name: 'Voicemail', exact: true }).waitFor();
  });

  it('settings: ring time, and a greeting recorded with the microphone uploaded as Ogg Opus', async () => {
    await b.getByRole('button', { name: 'Voicemail', exact: true }).click();
    await b.getByRole('button', { name: 'Voicemail settings', exact: true }).click();
    const ring = b.getByRole('spinbutton', { name: 'Ring time before voicemail (seconds)' });
    await expect(ring.inputValue()).resolves.toBe('20');
    await ring.fill('12');
    await b.getByRole('button', { name: 'Save ring time', exact: true }).click();
    await waitForText(b, 'Saved: calls ring 12 seconds before voicemail answers.');
    const token = await tokenOf(b);
    expect((await api<UserSettings>(service, token, '/api/settings')).ringTimeoutSec).toBe(12);

    // Record ~2.5 s with the fake microphone, keep it, upload it.
    await b.getByRole('button', { name: 'Record a greeting', exact: true }).click();
    await b.getByRole('button', { name: 'Stop recording', exact: true }).waitFor();
    await b.getByRole('timer', { name: 'Recording time' }).waitFor();
    await pollUntil(
      () => b.getByRole('timer', { name: 'Recording time' }).textContent(),
      (text) => text === '0:03',
      10_000,
      'three seconds of recording',
    );
    await b.getByRole('button', { name: 'Stop recording', exact: true }).click();
    await b.getByRole('button', { name: 'Use this greeting', exact: true }).waitFor();
    await screenshot(b, 'voicemail-05-greeting-recorded');
    // The service parses what it gets (Ogg Opus, one frame size, 0.5–60 s) and answers 400 otherwise.
    const upload = b.waitForResponse(
      (r) => r.url().endsWith('/api/voicemail/greeting') && r.request().method() === 'PUT',
    );
    await b.getByRole('button', { name: 'Use this greeting', exact: true }).click();
    const response = await upload;
    expect(response.status()).toBe(200);
    expect(response.request().headers()['content-type']).toBe('audio/ogg');
    await waitForText(b, 'Saved: callers now hear your greeting.');
    expect((await api<UserSettings>(service, token, '/api/settings')).customGreeting).toBe(true);
    await screenshot(b, 'voicemail-06-settings');

    // Back to the default greeting.
    await b.getByRole('button', { name: 'Use the default greeting', exact: true }).click();
    await waitForText(b, 'Callers hear the default greeting again.');
    expect((await api<UserSettings>(service, token, '/api/settings')).customGreeting).toBe(false);
  });
});
