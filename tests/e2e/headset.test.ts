/**
 * Headset buttons end to end: Alice's page has a (fake, test-injected) `navigator.hid` with one headset
 * whose collections are the real Plantronics Blackwire 3220 descriptor (tests/fixtures/hid/). Bob calls:
 * the ring report goes out; the hook switch answers and audio flows; the mute button mutes (Bob gets
 * silence, the mute LED report goes out); the hook switch again hangs up. Unplugged and plugged back,
 * the headset is picked up without asking and gets its LEDs again.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAudioReceived, inboundAudio, pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { fakeHidScript, hidInput, sentReports, sipSentAfter } from '../support/browser/fake-hid.js';
import { dial, openClient, signUp, waitForText } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

// Plantronics Blackwire 3220: input report 8 = bit0 phone mute (relative), bit1 hook switch (absolute);
// output reports 9 = mute LED, 23 = off-hook LED, 24 = ring LED.
const OFF_HOOK = [0b010];
const OFF_HOOK_MUTE = [0b011];
const ON_HOOK = [0b000];

/** Waits until an output report with these bytes was sent after index `from`. */
async function expectReport(page: Page, reportId: number, data: number[], from: number): Promise<void> {
  await pollUntil(
    () => sentReports(page),
    (sent) => sent.slice(from).some((r) => r.reportId === reportId && r.data.join() === data.join()),
    10_000,
    `output report ${reportId}:[${data.join()}]`,
  );
}

describe('headset buttons (WebHID) in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
    const aliceContext = await browser.newContext();
    await aliceContext.addInitScript({ content: fakeHidScript('plantronics-blackwire-3220.json') });
    a = await openClient(aliceContext, service.baseUrl);
    b = await openClient(await browser.newContext(), service.baseUrl);
    await signUp(a, { username: 'alice', password: 'alice-secret-1', displayName: 'Alice' });
    await signUp(b, { username: 'bob', password: 'bob-secret-123', displayName: 'Bob' });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('the granted headset is opened at start and its LEDs are set (all off)', async () => {
    await expectReport(a, 23, [0], 0);
    await expectReport(a, 24, [0], 0);
    await a.getByRole('button', { name: 'Audio settings' }).first().click();
    await a
      .getByText('Plantronics Blackwire 3220 Series (Poly): its call buttons answer, hang up and mute.')
      .waitFor();
    await a.getByRole('button', { name: 'Close audio settings' }).click();
  });

  it('ring → hook switch answers (200 OK leaves), audio flows; mute press mutes with the LED; hook again hangs up', async () => {
    let from = (await sentReports(a)).length;
    await dial(b, 'alice');
    await a.getByRole('button', { name: 'Answer', exact: true }).waitFor();
    await expectReport(a, 24, [1], from); // ring LED on while it rings

    from = (await sentReports(a)).length;
    const pressedAt = await hidInput(a, 8, OFF_HOOK);
    await waitForText(a, 'In call');
    await waitForText(b, 'In call');
    const okAt = await sipSentAfter(a, 'SIP/2.0 200', 'INVITE', pressedAt);
    expect(okAt).toBeDefined();
    console.info(`hook switch → 200 OK leaving the client: ${((okAt ?? 0) - pressedAt).toFixed(1)} ms`);
    await expectReport(a, 23, [1], from); // off-hook LED on
    await expectReport(a, 24, [0], from); // ring LED off
    await expectAudioReceived([
      ['alice', a],
      ['bob', b],
    ]);

    // Mute on the headset: the app's Mute button follows, the LED acknowledges, Bob hears silence.
    from = (await sentReports(a)).length;
    await hidInput(a, 8, OFF_HOOK_MUTE);
    await hidInput(a, 8, OFF_HOOK);
    await a.getByRole('button', { name: 'Unmute', exact: true, pressed: true }).waitFor();
    await expectReport(a, 9, [1], from);
    await a.waitForTimeout(600); // the last audible packets already on their way
    const before = await inboundAudio(b);
    await a.waitForTimeout(1500); // a span of muted audio, long enough to carry ~75 packets
    const after = await inboundAudio(b);
    expect(after.packetsReceived - before.packetsReceived).toBeGreaterThan(20); // media still flows
    expect(after.totalAudioEnergy - before.totalAudioEnergy).toBeLessThan(1e-4); // …as silence

    // Hook switch on-hook: hung up.
    from = (await sentReports(a)).length;
    await hidInput(a, 8, ON_HOOK);
    await waitForText(a, 'You hung up.');
    await waitForText(b, 'alice hung up.');
    await expectReport(a, 23, [0], from);
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('unplugged and plugged back: picked up again without asking, LEDs sent again', async () => {
    await a.evaluate(() => (window as unknown as { __hid: { unplug(): void } }).__hid.unplug());
    await a.getByRole('button', { name: 'Audio settings' }).first().click();
    await a.getByText(/is unplugged\. Plug it back in/).waitFor();
    const from = (await sentReports(a)).length;
    await a.evaluate(() => (window as unknown as { __hid: { plug(): void } }).__hid.plug());
    await a.getByText(/its call buttons answer, hang up and mute/).waitFor();
    await expectReport(a, 23, [0], from);
    await a.getByRole('button', { name: 'Close audio settings' }).click();
  });
});
