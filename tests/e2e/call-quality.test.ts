/**
 * Call quality you can see: during a real browser call the panel shows signal bars named
 * "Call quality: good" with the numbers in the tooltip, and a meter for the other person's voice that
 * moves next to your microphone's.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium } from '../support/browser/chromium.js';
import type { TestBrowser } from '../support/browser/chromium.js';
import { callAndAnswer, openSignedUp, screenshot, waitForText } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService } from '../support/service/test-service.js';
import type { TestService } from '../support/service/test-service.js';

const quinn = { username: 'quinn', password: 'quinn-secret-1', displayName: 'Quinn Quality' };
const remy = { username: 'remy', password: 'remy-secret-12', displayName: 'Remy Remote' };

describe('call quality in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let q: Page;
  let r: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
    q = await openSignedUp(browser, service.baseUrl, quinn);
    r = await openSignedUp(browser, service.baseUrl, remy, { colorScheme: 'dark' });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('shows "Call quality: good" with the numbers, and the remote voice meter moves', async () => {
    await callAndAnswer(q, r, 'remy');

    for (const page of [q, r]) {
      // The first reading is the baseline; the level comes with the second, ~2 s into the call.
      const bars = page.getByRole('img', { name: 'Call quality: good', exact: true });
      await bars.waitFor({ timeout: 10_000 });
      const tooltip = (await bars.getAttribute('title')) ?? '';
      console.info('quality tooltip:', tooltip);
      expect(tooltip).toMatch(/^Round trip \d+ ms · Jitter [\d.]+ ms · Loss [\d.]+ % · MOS 4\.\d$/);
      expect(await bars.getAttribute('data-bars')).toBe('3');

      // The other person's voice lights its meter (the fake microphone plays a steady tone).
      const meter = page.locator('.remote-meter-bars');
      const level = await pollUntil(
        async () => Number(await meter.getAttribute('data-level')),
        (value) => value > 0,
        10_000,
        'the remote voice meter to light up',
      );
      expect(level).toBeGreaterThan(0);
    }
    await screenshot(q, 'quality-01-in-call');
    await screenshot(r, 'quality-02-in-call-dark');
    // Named after the peer as the panel names them (Quinn dialled a bare username).
    expect(await q.locator('.remote-meter-label').textContent()).toBe("remy's voice");
    expect(await r.locator('.remote-meter-label').textContent()).toBe("Quinn Quality's voice");

    await r.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(q, 'remy hung up.');
    // The indicator belongs to the live call only.
    expect(await q.getByRole('img', { name: /^Call quality/ }).count()).toBe(0);
  });
});
