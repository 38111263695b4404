/**
 * Call control in Chromium between real clients through the real service (issue 13): hold and
 * resume (re-INVITE sendonly, RFC 3264 §8.4) seen on both sides with the audio following, the verify
 * code equal on both ends, call waiting (Answer and hold, Swap, off = busy), blind and attended transfer
 * (REFER, RFC 3515; Replaces, RFC 5589), and keypad digits arriving at the far end as RFC 4733 events.
 */
import type { Page } from 'playwright-core';
import { RTCRtpCodecParameters } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTelephoneEvent } from '../../server/src/agents/voicemail/dtmf.js';
import { expectAudioReceived, inboundAudio, pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import {
  callAndAnswer,
  dial,
  openSignedUp,
  screenshot,
  waitForText,
} from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { createNodePhone, type NodePhone } from '../support/engine/node-phone.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };
const dave = { username: 'dave', password: 'dave-secret-1', displayName: 'Dave Third' };

/**
 * Waits until a counter of `page`'s inbound audio stops moving: unchanged over `quietMs` of readings.
 * Stopping is an absence, so it can only be observed over an interval.
 */
async function waitUntilStill(
  page: Page,
  key: 'packetsReceived' | 'totalAudioEnergy',
  quietMs = 1200,
): Promise<void> {
  let last = -1;
  let since = Date.now();
  await pollUntil(
    async () => {
      const value = (await inboundAudio(page))[key];
      if (value !== last) {
        last = value;
        since = Date.now();
      }
      return Date.now() - since;
    },
    (stillFor) => stillFor >= quietMs,
    15_000,
    `${key} to stop growing`,
  );
}

async function waitUntilGrowing(page: Page, key: 'packetsReceived' | 'totalAudioEnergy'): Promise<void> {
  const start = (await inboundAudio(page))[key];
  await pollUntil(
    () => inboundAudio(page),
    (s) => s[key] > start,
    10_000,
    `${key} to grow again`,
  );
}

describe('call control in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;
  let carol: NodePhone | undefined;
  let d: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
    a = await openSignedUp(browser, service.baseUrl, alice);
    b = await openSignedUp(browser, service.baseUrl, bob);
  });

  afterAll(async () => {
    await carol?.close();
    await browser?.close();
    await service?.stop();
  });

  it('the same verify code shows on both sides, with what it means', async () => {
    await callAndAnswer(a, b, 'bob');
    await a.getByRole('button', { name: 'Verify call', exact: true }).click();
    await b.getByRole('button', { name: 'Verify call', exact: true }).click();
    const codeAt = async (page: Page): Promise<string> => {
      const code = page.getByRole('region', { name: 'Verify call' }).locator('.verify-code');
      await code.waitFor();
      return (await code.textContent()) ?? '';
    };
    const atAlice = await codeAt(a);
    expect(atAlice).toMatch(/^\d{3} \d{3}$/);
    expect(await codeAt(b)).toBe(atAlice);
    await waitForText(a, 'nobody can listen in');
    await screenshot(a, '20-verify-call');
    await a.getByRole('button', { name: 'Verify call', exact: true }).click();
  });

  it('Hold stops the audio both ways and the other side sees "On hold"; Resume brings it back', async () => {
    await expectAudioReceived([
      ['alice', a],
      ['bob', b],
    ]);
    await a.getByRole('button', { name: 'Hold', exact: true }).click();
    await a.getByRole('button', { name: 'Resume', exact: true }).waitFor();
    await waitForText(a, 'On hold');
    await waitForText(b, 'On hold: alice put you on hold');
    await screenshot(b, '21-held-by-alice');
    // Bob (recvonly now) sends nothing; Alice's microphone is off while she holds.
    await waitUntilStill(a, 'packetsReceived');
    await waitUntilStill(b, 'totalAudioEnergy');

    await a.getByRole('button', { name: 'Resume', exact: true }).click();
    await a.getByRole('button', { name: 'Hold', exact: true }).waitFor();
    await waitForText(b, 'In call');
    await waitUntilGrowing(a, 'packetsReceived');
    await waitUntilGrowing(b, 'totalAudioEnergy');

    // The held side can hold too; the keyboard reaches every control.
    await b.getByRole('button', { name: 'Hold', exact: true }).focus();
    await b.keyboard.press('Enter');
    await waitForText(a, 'On hold: bob put you on hold');
    await b.getByRole('button', { name: 'Resume', exact: true }).click();
    await waitForText(a, 'In call');

    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'alice hung up.');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('call waiting: a second call rings beside the first; Answer and hold, Swap, and busy when it is off', async () => {
    d = await openSignedUp(browser, service.baseUrl, dave);
    await callAndAnswer(a, b, 'bob');

    // Dave calls Bob while Bob talks to Alice: Bob sees it with "Answer and hold".
    await dial(d, 'bob');
    await b.getByRole('heading', { name: 'Dave Third is calling' }).waitFor();
    await waitForText(d, 'Ringing…');
    await screenshot(b, '23-call-waiting');
    await b.getByRole('button', { name: 'Answer and hold', exact: true }).click();
    await waitForText(a, 'On hold: bob put you on hold');
    await waitForText(d, 'In call');
    const held = b.getByRole('list', { name: 'Other calls' });
    await held.getByText('Alice Example', { exact: true }).waitFor();
    await screenshot(b, '24-two-calls');

    // Swap: Dave waits on hold, Alice is back.
    await held.getByRole('button', { name: 'Swap', exact: true }).click();
    await waitForText(d, 'On hold: bob put you on hold');
    await pollUntil(
      () => a.getByText('In call', { exact: true }).count(),
      (n) => n > 0,
      10_000,
      'Alice back in the call',
    );
    await held.getByText('Dave Third', { exact: true }).waitFor();

    // Hanging up the held call leaves the other one as it is.
    await held.getByRole('button', { name: 'Hang up Dave Third', exact: true }).click();
    await waitForText(d, 'bob hung up.');
    await d.getByRole('button', { name: 'Close', exact: true }).click();

    // Call waiting off: Dave hears busy, Bob is not disturbed.
    await b.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(a, 'bob hung up.');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Voicemail', exact: true }).click();
    await b.getByRole('button', { name: 'Voicemail settings', exact: true }).click();
    await b.getByRole('checkbox', { name: 'Call waiting' }).uncheck();
    await b.keyboard.press('Escape');
    await b.keyboard.press('Escape');
    await callAndAnswer(a, b, 'bob');
    await dial(d, 'bob');
    await waitForText(d, 'bob is busy on another call. Try again later.');
    expect(await b.getByRole('heading', { name: 'Dave Third is calling' }).count()).toBe(0);
    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'alice hung up.');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('blind transfer: Alice hands Bob to Dave; a transfer that fails returns to the held call', async () => {
    await b.getByRole('button', { name: 'Voicemail', exact: true }).click();
    await b.getByRole('button', { name: 'Voicemail settings', exact: true }).click();
    await b.getByRole('checkbox', { name: 'Call waiting' }).check();
    await b.keyboard.press('Escape');
    await b.keyboard.press('Escape');
    await callAndAnswer(a, b, 'bob');

    // To nobody: refused, Alice keeps Bob on hold and can resume.
    await a.getByRole('button', { name: 'Transfer', exact: true }).click();
    await a.getByRole('textbox', { name: 'Transfer to' }).fill('nobody');
    await a.getByRole('button', { name: 'Transfer now', exact: true }).click();
    await waitForText(a, /The transfer to nobody failed/);
    await screenshot(a, '25-transfer-failed');
    await a.getByRole('button', { name: 'Resume', exact: true }).click();
    await waitForText(b, 'In call');

    // To Dave: he rings, answers, and talks with Bob; Alice's call ends.
    await a.getByRole('button', { name: 'Transfer', exact: true }).click();
    await a.getByRole('textbox', { name: 'Transfer to' }).fill('dave');
    await a.getByRole('button', { name: 'Transfer now', exact: true }).click();
    await d.getByRole('heading', { name: 'Bob Builder is calling' }).waitFor();
    await d.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForText(a, 'You transferred the call.');
    await waitForText(d, 'In call');
    await b.getByRole('heading', { name: 'dave', exact: true }).waitFor();
    await expectAudioReceived([['dave', d]]);
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await d.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'dave hung up.');
    await b.getByRole('button', { name: 'Close', exact: true }).click();
    await d.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('attended transfer: Alice consults Dave, then connects Bob with him (REFER with Replaces)', async () => {
    await callAndAnswer(a, b, 'bob');
    await a.getByRole('button', { name: 'Transfer', exact: true }).click();
    await a.getByRole('textbox', { name: 'Transfer to' }).fill('dave');
    await a.getByRole('button', { name: 'Consult', exact: true }).click();
    await waitForText(b, 'On hold: alice put you on hold');
    await d.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForText(d, 'In call');
    await a.getByRole('list', { name: 'Other calls' }).getByText('bob', { exact: true }).waitFor();
    await screenshot(a, '26-consult');
    await a.getByRole('button', { name: 'Complete transfer', exact: true }).click();

    // Dave's call with Alice is replaced by one with Bob, without ringing; Alice is out.
    await waitForText(a, 'You transferred the call.');
    await d.getByRole('heading', { name: 'Bob Builder', exact: true }).waitFor();
    await b.getByRole('heading', { name: 'dave', exact: true }).waitFor();
    await waitForText(b, 'In call');
    await expectAudioReceived([
      ['bob', b],
      ['dave', d],
    ]);
    await d.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'dave hung up.');
    await b.getByRole('button', { name: 'Close', exact: true }).click();
    await d.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('auto-answer: with the switch on, a call is answered without a click', async () => {
    await d.getByRole('button', { name: 'Voicemail', exact: true }).click();
    await d.getByRole('button', { name: 'Voicemail settings', exact: true }).click();
    await d.getByRole('checkbox', { name: 'Auto-answer' }).check();
    await d.keyboard.press('Escape');
    await d.keyboard.press('Escape');
    await dial(a, 'dave');
    await waitForText(a, 'In call');
    await waitForText(d, 'In call');
    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(d, 'alice hung up.');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await d.context().close();
  });

  it('keypad digits (buttons and keyboard) arrive at the far end as RFC 4733 telephone events', async () => {
    const account = await service.createAccount('carol');
    carol = await createNodePhone({
      sipUrl: service.sipUrl,
      domain: service.domain,
      username: 'carol',
      password: account.token,
      // An IVR-like peer that negotiates RFC 4733 events beside Opus.
      media: {
        peerConfig: {
          codecs: {
            audio: [
              new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48_000, channels: 2 }),
              new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 48_000 }),
            ],
          },
        },
      },
    });
    await carol.engine.start();
    const keys: string[] = [];
    carol.onRtp((rtp) => {
      const event = rtp.payloadType === 111 ? undefined : parseTelephoneEvent(rtp.payload);
      // One key per event: count the end packet (sent three times, RFC 4733 §2.5.1.4) once.
      if (event?.end && keys.at(-1) !== `${event.key}@${rtp.timestamp}`)
        keys.push(`${event.key}@${rtp.timestamp}`);
    });

    await dial(a, 'carol');
    const incoming = await carol.waitForIncoming();
    await carol.engine.answer(incoming.id);
    await waitForText(a, 'In call');

    await a.getByRole('button', { name: 'Keypad', exact: true }).click();
    const pad = a.getByRole('group', { name: 'Keypad' });
    for (const key of ['1', '#']) await pad.getByRole('button', { name: key, exact: true }).click();
    await a.locator('body').press('5'); // digits typed outside text fields are tones too
    await screenshot(a, '22-keypad');
    await pollUntil(
      async () => keys.map((k) => k.split('@')[0]).join(''),
      (typed) => typed === '1#5',
      10_000,
      'carol to receive 1, # and 5',
    );
    expect(await a.getByRole('status', { name: 'Tones sent' }).textContent()).toBe('1#5');

    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await carol.waitFor((s) => s.calls.every((c) => c.state === 'ended'));
  });
});
