/**
 * End to end, as people use it: two users sign up in two browser contexts, find each other, call,
 * and hear each other (real WebRTC between two Chromium contexts through the real service).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAudioReceived, pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium } from '../support/browser/chromium.js';
import type { TestBrowser } from '../support/browser/chromium.js';
import {
  dial,
  openClient,
  screenshot,
  signUp,
  waitForText,
  waitUntilRegistered,
} from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService } from '../support/service/test-service.js';
import type { TestService } from '../support/service/test-service.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };

describe('calling in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let aliceContext: BrowserContext;
  let bobContext: BrowserContext;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
    aliceContext = await browser.newContext();
    bobContext = await browser.newContext({ colorScheme: 'dark' });
    a = await openClient(aliceContext, service.baseUrl);
    b = await openClient(bobContext, service.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('two people sign up in the UI and see each other online', async () => {
    await a.getByRole('textbox', { name: 'Username', exact: true }).waitFor();
    await screenshot(a, '01-sign-up');
    await signUp(a, alice);
    await signUp(b, bob);

    // Alice finds Bob by searching the directory, with live presence; she adds him to her contacts.
    await a.getByRole('searchbox', { name: 'Search users' }).fill('bo');
    await a.getByRole('button', { name: 'Call bob', exact: true }).waitFor();
    await a.getByRole('button', { name: 'Add bob to contacts', exact: true }).click();
    await a.getByRole('button', { name: 'Remove bob from contacts', exact: true }).first().waitFor();
    const contacts = a.getByRole('list', { name: 'Contacts' });
    await contacts.getByText('Available', { exact: true }).waitFor();
    await screenshot(a, '02-main-with-presence');
  });

  it('Alice calls Bob, Bob answers with the keyboard, both hear each other, the timer runs, hang-up ends both', async () => {
    await a
      .getByRole('list', { name: 'Contacts' })
      .getByRole('button', { name: 'Call bob', exact: true })
      .click();

    // Bob: a prominent card, announced, with the focus on Answer.
    await b.getByRole('heading', { name: 'Alice Example is calling' }).waitFor();
    const announced = await b.locator('[aria-live="assertive"]').textContent();
    expect(announced).toContain('Alice Example (alice) is calling');
    const focused = await b.evaluate(() => document.activeElement?.textContent ?? '');
    expect(focused).toBe('Answer');
    await waitForText(a, 'Ringing…');
    await screenshot(b, '03-incoming-call');
    await b.keyboard.press('Enter');

    await waitForText(a, 'In call');
    await waitForText(b, 'In call');

    // Audio flows both ways: each side receives packets that decode to non-silent audio.
    await expectAudioReceived([
      ['alice', a],
      ['bob', b],
    ]);
    const remote = await b.evaluate(() => {
      const el = document.querySelector('audio');
      return { autoplay: el?.autoplay, muted: el?.muted, hasStream: el?.srcObject instanceof MediaStream };
    });
    expect(remote).toEqual({ autoplay: true, muted: false, hasStream: true });

    // The local microphone meter moves with the voice.
    const meter = a.locator('.mic-meter-bars');
    await pollUntil(
      async () => Number(await meter.getAttribute('data-level')),
      (level) => level > 0,
      5_000,
      'the microphone meter to light up',
    );

    // The timer runs.
    const timer = a.locator('.timer');
    const first = await timer.textContent();
    expect(first).toMatch(/^\d\d:\d\d$/);
    await pollUntil(
      () => timer.textContent(),
      (t) => t !== first,
      5_000,
      'the timer to tick',
    );

    // Mute toggles with aria-pressed.
    await a.getByRole('button', { name: 'Mute', exact: true }).click();
    await a.getByRole('button', { name: 'Unmute', exact: true, pressed: true }).waitFor();
    await screenshot(a, '04-in-call-muted');
    await a.getByRole('button', { name: 'Unmute', exact: true }).click();
    await a.getByRole('button', { name: 'Mute', exact: true, pressed: false }).waitFor();
    await screenshot(b, '04-in-call');

    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(a, 'You hung up.');
    await waitForText(b, 'alice hung up.');
    await waitForText(a, 'Call ended');
    await waitForText(b, 'Call ended');
    await screenshot(b, '05-ended-remote-hangup');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('a declined call tells the caller', async () => {
    await dial(a, 'bob');
    await b.getByRole('button', { name: 'Decline', exact: true }).click();
    await waitForText(a, 'bob declined the call.');
    await waitForText(b, 'You declined the call.');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('calling someone who is offline, or nobody, says so and what to do', async () => {
    await service.createAccount('carol', 'carol-secret-1', 'Carol Offline');
    await dial(a, 'carol');
    await waitForText(a, 'carol is offline. Try again later.');
    await screenshot(a, '06-ended-offline');
    await a.getByRole('button', { name: 'Close', exact: true }).click();

    await dial(a, 'nobody');
    await waitForText(a, 'There is no Parley user called nobody. Check the username.');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('two tabs of the same user both ring; answering on one stops the other', async () => {
    // A second tab shares the first one's saved session, so it signs in by itself.
    const a2 = await aliceContext.newPage();
    await a2.goto(service.baseUrl);
    await waitUntilRegistered(a2);
    await b.getByRole('searchbox', { name: 'Search users' }).fill('alice');
    await b.getByRole('button', { name: 'Call alice', exact: true }).click();
    await a.getByRole('button', { name: 'Answer', exact: true }).waitFor();
    await a2.getByRole('button', { name: 'Answer', exact: true }).waitFor();
    await a.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForText(a, 'In call');
    await waitForText(a2, 'Answered on another device.');
    await b.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(a, 'bob hung up.');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();
    await a2.close();
  });

  it('a reload keeps you signed in and registered', async () => {
    await a.reload();
    await waitUntilRegistered(a);
    await a.getByText('Alice Example', { exact: true }).first().waitFor();
    expect(await a.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(0);
    await a.getByRole('button', { name: 'Sign out', exact: true }).click();
    await a.getByRole('button', { name: 'Sign up', exact: true }).waitFor();
  });
});
