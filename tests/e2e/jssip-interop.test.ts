/**
 * Interoperability is the proof of a real proxy (issue 2): an unmodified JsSIP 3.13 user agent in
 * Chromium calls the Parley web client through the service, and the other way round, with real WebRTC
 * (fake devices) and audio verified both ways. Nothing in the service knows JsSIP is on the line.
 * The JsSIP phone lives in tests/support/browser/jssip-page.ts; hold, keypad, transfer and call waiting
 * against JsSIP are in jssip-call-control.test.ts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAudioReceived } from '../support/browser/audio-stats.js';
import { launchChromium } from '../support/browser/chromium.js';
import type { TestBrowser } from '../support/browser/chromium.js';
import { dial, openSignedUp, screenshot, waitForText } from '../support/browser/parley-page.js';
import { jssipEvents, openJsSipPage, waitForJsSipEvent } from '../support/browser/jssip-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService } from '../support/service/test-service.js';
import type { TestService } from '../support/service/test-service.js';

const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };
const jane = { username: 'jane', password: 'jane-secret-12', displayName: 'Jane JsSIP' };

async function expectAudioBothWays(parley: Page, jssip: Page): Promise<void> {
  await expectAudioReceived([
    ['the Parley client', parley],
    ['the JsSIP client', jssip],
  ]);
}

describe('JsSIP 3.13 in Chromium ⇄ the Parley web client, through the service', () => {
  let service: TestService;
  let browser: TestBrowser;
  let parley: Page;
  let jssip: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
    parley = await openSignedUp(browser, service.baseUrl, bob);

    // JsSIP's account lives in the real account store, like anyone's.
    await service.createAccount(jane.username, jane.password, jane.displayName);
    const opened = await openJsSipPage(browser, service, jane);
    expect(opened.version).toMatch(/^3\.13\./);
    jssip = opened.page;
  });

  afterAll(async () => {
    await jssip
      ?.evaluate(() => (window as unknown as { jssipPhone: { stop(): void } }).jssipPhone.stop())
      .catch(() => undefined);
    await browser?.close();
    await service?.stop();
  });

  it('JsSIP calls Parley, Parley answers, both hear each other, JsSIP hangs up', async () => {
    await jssip.evaluate(() =>
      (window as unknown as { jssipPhone: { call(t: string): void } }).jssipPhone.call('bob'),
    );

    await parley.getByRole('heading', { name: 'Jane JsSIP is calling' }).waitFor();
    await waitForJsSipEvent(jssip, 'progress'); // 180 Ringing reached JsSIP through the proxy
    await parley.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForText(parley, 'In call');
    const confirmed = await waitForJsSipEvent(jssip, 'confirmed');
    expect(confirmed.originator).toBe('local'); // JsSIP sent the ACK

    await expectAudioBothWays(parley, jssip);
    await screenshot(parley, 'jssip-01-parley-answered-jssip');

    const before = (await jssipEvents(jssip)).length;
    await jssip.evaluate(() => (window as unknown as { jssipPhone: { hangup(): void } }).jssipPhone.hangup());
    await waitForText(parley, 'jane hung up.');
    const ended = await waitForJsSipEvent(jssip, 'ended', before);
    expect(ended.originator).toBe('local');
    await parley.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('Parley calls JsSIP, JsSIP answers, both hear each other, Parley hangs up', async () => {
    const start = (await jssipEvents(jssip)).length;
    await dial(parley, 'jane');

    const incoming = await waitForJsSipEvent(jssip, 'incoming', start);
    expect(incoming.from).toBe(`sip:bob@${service.domain}`);
    await waitForText(parley, 'Ringing…'); // JsSIP's 180 reached Parley
    await jssip.evaluate(() => (window as unknown as { jssipPhone: { answer(): void } }).jssipPhone.answer());
    await waitForText(parley, 'In call');
    await waitForJsSipEvent(jssip, 'confirmed', start); // Parley's ACK reached JsSIP

    await expectAudioBothWays(parley, jssip);
    await screenshot(parley, 'jssip-02-parley-called-jssip');

    const before = (await jssipEvents(jssip)).length;
    await parley.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(parley, 'You hung up.');
    const ended = await waitForJsSipEvent(jssip, 'ended', before);
    expect(ended.originator).toBe('remote'); // Parley's BYE reached JsSIP
    await parley.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('Parley calls JsSIP and cancels before the answer; JsSIP sees the CANCEL', async () => {
    const start = (await jssipEvents(jssip)).length;
    await dial(parley, 'jane');
    await waitForJsSipEvent(jssip, 'incoming', start);
    await waitForText(parley, 'Ringing…');
    await parley.getByRole('button', { name: 'Hang up', exact: true }).click();
    const failed = await waitForJsSipEvent(jssip, 'failed', start);
    expect(failed.cause).toBe('Canceled');
    await waitForText(parley, 'You cancelled the call.');
    await parley.getByRole('button', { name: 'Close', exact: true }).click();
  });
});
