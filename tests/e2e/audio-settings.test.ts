/**
 * Audio settings end to end with Chromium's fake devices: the Microphone / Speaker / Ringer comboboxes
 * list them, the choice survives a reload, and switching the microphone in the middle of a call keeps
 * the call and the audio (energy measured at the far end), and keeps mute as it was.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio, pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import {
  callAndAnswer,
  openClient,
  screenshot,
  signUp,
  waitForText,
  waitUntilRegistered,
} from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

/** The labels of a combobox's options. */
function optionLabels(page: Page, name: string): Promise<string[]> {
  return page.getByRole('combobox', { name, exact: true }).locator('option').allTextContents();
}

/** Audio energy `page` receives over `ms` (a measuring span, not a wait for an event). */
async function energyOver(page: Page, ms: number): Promise<number> {
  const before = await inboundAudio(page);
  await page.waitForTimeout(ms);
  return (await inboundAudio(page)).totalAudioEnergy - before.totalAudioEnergy;
}

describe('audio settings in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
    a = await openClient(await browser.newContext(), service.baseUrl);
    b = await openClient(await browser.newContext(), service.baseUrl);
    await signUp(a, { username: 'alice', password: 'alice-secret-1', displayName: 'Alice' });
    await signUp(b, { username: 'bob', password: 'bob-secret-123', displayName: 'Bob' });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it("the comboboxes list Chromium's fake devices; the microphone choice survives a reload", async () => {
    await a.getByRole('button', { name: 'Audio settings' }).click();
    const dialog = a.getByRole('dialog', { name: 'Audio settings' });
    await dialog.waitFor();
    const mics = await pollUntil(
      () => optionLabels(a, 'Microphone'),
      (labels) => labels.some((l) => /Fake Audio Input 2/.test(l)),
      10_000,
      'fake microphones in the list',
    );
    expect(mics[0]).toBe('Default (follows your system)');
    expect(mics).toEqual(expect.arrayContaining(['Fake Audio Input 1', 'Fake Audio Input 2']));
    const speakers = await optionLabels(a, 'Speaker');
    expect(speakers.some((l) => /Fake Audio Output/.test(l))).toBe(true);
    expect(await optionLabels(a, 'Ringer')).toEqual(speakers);

    await a.getByRole('combobox', { name: 'Microphone' }).selectOption({ label: 'Fake Audio Input 2' });
    await a.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await pollUntil(
      async () =>
        Number(await a.getByRole('meter', { name: 'Microphone level' }).getAttribute('aria-valuenow')),
      (level) => level > 0,
      5_000,
      'the level meter to move',
    );
    await screenshot(a, 'audio-settings');
    await a.keyboard.press('Escape');
    await a.getByRole('dialog', { name: 'Audio settings' }).waitFor({ state: 'hidden' });

    await a.reload();
    await waitUntilRegistered(a);
    await a.getByRole('button', { name: 'Audio settings' }).click();
    const selected = await a
      .getByRole('combobox', { name: 'Microphone' })
      .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent);
    expect(selected).toBe('Fake Audio Input 2');
    await a.getByRole('button', { name: 'Close audio settings' }).click();
  });

  it('switching the microphone mid-call keeps the call and the audio, and keeps mute', async () => {
    await callAndAnswer(a, b, 'bob');
    await pollUntil(
      () => inboundAudio(b),
      (s) => s.totalAudioEnergy > 0,
      15_000,
      'audio at Bob',
    );

    await screenshot(a, 'in-call-with-audio-settings-button');
    // From the call: Audio settings, pick the other microphone.
    await a.getByRole('button', { name: 'Audio settings' }).last().click();
    const mic = a.getByRole('combobox', { name: 'Microphone' });
    await mic.focus();
    const switchedAt = Date.now();
    await mic.selectOption({ label: 'Fake Audio Input 1' });
    const recovered = await pollUntil(
      () => energyOver(b, 300),
      (energy) => energy > 0,
      10_000,
      'audio at Bob after the switch',
    );
    console.info(`microphone switch → audio again at the far end: ≤ ${Date.now() - switchedAt} ms`);
    expect(recovered).toBeGreaterThan(0);
    await a.keyboard.press('Escape');
    await waitForText(a, 'In call');
    await waitForText(b, 'In call');

    // Muted, then switched back: still muted (a replaced track starts enabled; the engine re-applies mute).
    await a.getByRole('button', { name: 'Mute', exact: true }).click();
    await a.getByRole('button', { name: 'Audio settings' }).last().click();
    await a.getByRole('combobox', { name: 'Microphone' }).selectOption({ label: 'Fake Audio Input 2' });
    await a.keyboard.press('Escape');
    await a.getByRole('button', { name: 'Unmute', exact: true, pressed: true }).waitFor();
    await a.waitForTimeout(800); // packets from before the switch drain
    expect(await energyOver(b, 1500)).toBeLessThan(1e-4);
    await a.getByRole('button', { name: 'Unmute', exact: true }).click();
    await pollUntil(
      () => energyOver(b, 300),
      (e) => e > 0,
      10_000,
      'audio after unmute',
    );

    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'alice hung up.');
  });
});
