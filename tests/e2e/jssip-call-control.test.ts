/**
 * Call control against an independent SIP client (issue 13): an unmodified JsSIP 3.13 in Chromium
 * (tests/support/browser/jssip-page.ts) and Parley web clients, through the real service.
 * - Hold: Parley's hold re-INVITE reaches JsSIP with `a=sendonly` (RFC 3264 §8.4), and when JsSIP holds,
 *   Parley shows "On hold".
 * - Keypad: Parley's digits reach JsSIP as RFC 4733 telephone events. JsSIP exposes no event for
 *   received RFC 4733 packets (its `newDTMF` is for SIP INFO only) and WebRTC statistics do not count
 *   them, so a tshark capture on loopback reads the RTP payload type of the packets arriving at JsSIP's
 *   media ports (SRTP leaves the RTP header in the clear, RFC 3711 §3.1): packets of the negotiated
 *   telephone-event type arrive, and no INFO does.
 * - Blind transfer both ways (REFER, RFC 3515): Parley transfers JsSIP to a third Parley client and
 *   JsSIP follows the REFER; JsSIP transfers a Parley client, which follows it.
 * - Call waiting: JsSIP calls a Parley user who is in a call; "Answer and hold" and "Swap" work.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAudioReceived, pollUntil } from '../support/browser/audio-stats.js';
import { localCandidatePorts } from '../support/browser/block-udp-ports.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import {
  jssip,
  jssipEvents,
  jssipHold,
  openJsSipPage,
  waitForJsSipEvent,
} from '../support/browser/jssip-page.js';
import {
  callAndAnswer,
  dial,
  openSignedUp,
  screenshot,
  waitForText,
} from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { captureRtpPayloadTypes } from '../support/peers/rtp-capture.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };
const carol = { username: 'carol', password: 'carol-secret-1', displayName: 'Carol Third' };
const jane = { username: 'jane', password: 'jane-secret-12', displayName: 'Jane JsSIP' };

/**
 * The telephone-event payload types of a page's current call (from its local description): one per
 * clock rate (Chromium sends its events at 8000 Hz, `telephone-event/8000`, beside Opus at 48 kHz).
 */
function telephoneEventTypes(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const pcs = (
      (window as unknown as { __parleyPeerConnections?: RTCPeerConnection[] }).__parleyPeerConnections ?? []
    ).filter((pc) => pc.connectionState !== 'closed');
    const sdp = pcs[pcs.length - 1]?.localDescription?.sdp ?? '';
    return [...sdp.matchAll(/a=rtpmap:(\d+) telephone-event\//g)].map((m) => Number(m[1]));
  });
}

describe('call control between Parley and JsSIP 3.13', () => {
  let service: TestService;
  let browser: TestBrowser;
  let b: Page;
  let c: Page;
  let j: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
    b = await openSignedUp(browser, service.baseUrl, bob);
    c = await openSignedUp(browser, service.baseUrl, carol);
    await service.createAccount(jane.username, jane.password, jane.displayName);
    j = (await openJsSipPage(browser, service, jane)).page;
  });

  afterAll(async () => {
    if (j) await jssip(j, 'stop').catch(() => undefined);
    await browser?.close();
    await service?.stop();
  });

  it('hold both ways: JsSIP sees a=sendonly; Parley shows "On hold" when JsSIP holds', async () => {
    const start = (await jssipEvents(j)).length;
    await dial(b, 'jane');
    await waitForJsSipEvent(j, 'incoming', start);
    await jssip(j, 'answer');
    await waitForText(b, 'In call');
    await waitForJsSipEvent(j, 'confirmed', start);

    await b.getByRole('button', { name: 'Hold', exact: true }).click();
    expect((await waitForJsSipEvent(j, 'reinvite', start)).detail).toBe('a=sendonly');
    expect((await waitForJsSipEvent(j, 'hold', start)).originator).toBe('remote');
    await b.getByRole('button', { name: 'Resume', exact: true }).click();
    await b.getByRole('button', { name: 'Hold', exact: true }).waitFor();
    expect((await waitForJsSipEvent(j, 'unhold', start)).originator).toBe('remote');

    await jssipHold(j, true);
    await waitForText(b, 'On hold: jane put you on hold');
    await screenshot(b, 'jssip-03-held-by-jssip');
    await jssipHold(j, false);
    await waitForText(b, 'In call');
    await expectAudioReceived([
      ['bob', b],
      ['jane (JsSIP)', j],
    ]);
  });

  it('keypad digits reach JsSIP as RFC 4733 telephone events (RTP payload type on the wire)', async () => {
    const eventTypes = await telephoneEventTypes(j);
    expect(eventTypes.length).toBeGreaterThan(0);
    const capture = await captureRtpPayloadTypes(await localCandidatePorts(j));
    const start = (await jssipEvents(j)).length;
    try {
      await b.getByRole('button', { name: 'Keypad', exact: true }).click();
      const pad = b.getByRole('group', { name: 'Keypad' });
      for (const key of ['1', '#']) await pad.getByRole('button', { name: key, exact: true }).click();
      // Each tone is several event packets (RFC 4733 §2.5: start, updates, three end packets).
      const seen = await pollUntil(
        async () => capture.payloadTypes().filter((pt) => eventTypes.includes(pt)).length,
        (n) => n >= 6,
        10_000,
        `RTP packets of a telephone-event payload type (${eventTypes.join(', ')}) at JsSIP`,
      ).catch((error: unknown) => {
        const counts = new Map<number, number>();
        for (const pt of capture.payloadTypes()) counts.set(pt, (counts.get(pt) ?? 0) + 1);
        throw new Error(`${String(error)}; payload types seen: ${JSON.stringify([...counts])}`);
      });
      console.info(`JsSIP received ${seen} telephone-event packets (payload types ${eventTypes.join(', ')})`);
    } finally {
      await capture.stop();
    }
    expect(await b.getByRole('status', { name: 'Tones sent' }).textContent()).toBe('1#');
    // In the media, not as SIP INFO: JsSIP saw no INFO DTMF.
    expect((await jssipEvents(j)).slice(start).filter((e) => e.name === 'dtmf')).toEqual([]);

    const before = (await jssipEvents(j)).length;
    await b.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForJsSipEvent(j, 'ended', before);
    await b.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('blind transfer: Parley transfers JsSIP to Carol; JsSIP follows the REFER and Carol answers', async () => {
    const start = (await jssipEvents(j)).length;
    await jssip(j, 'call', 'bob');
    await b.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForJsSipEvent(j, 'confirmed', start);

    await b.getByRole('button', { name: 'Transfer', exact: true }).click();
    await b.getByRole('textbox', { name: 'Transfer to' }).fill('carol');
    await b.getByRole('button', { name: 'Transfer now', exact: true }).click();
    const refer = await waitForJsSipEvent(j, 'refer', start);
    expect(refer.detail).toContain('carol');
    await c.getByRole('heading', { name: 'Jane JsSIP is calling' }).waitFor();
    await c.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForText(b, 'You transferred the call.');
    await waitForText(c, 'In call');
    await waitForJsSipEvent(j, 'confirmed', start, (e) => e.call !== refer.call);
    await expectAudioReceived([
      ['carol', c],
      ['jane (JsSIP)', j],
    ]);
    await b.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('blind transfer the other way: JsSIP transfers Carol to Bob; Carol follows the REFER', async () => {
    const start = (await jssipEvents(j)).length;
    await jssip(j, 'refer', `sip:bob@${service.domain}`);
    await b.getByRole('heading', { name: 'Carol Third is calling' }).waitFor();
    await b.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForText(b, 'In call');
    await waitForJsSipEvent(j, 'refer-accepted', start);
    // The transferor hangs up once the transfer succeeded (RFC 5589 §6); Carol stays with Bob.
    const before = (await jssipEvents(j)).length;
    await jssip(j, 'hangup');
    await waitForJsSipEvent(j, 'ended', before);
    await c.getByRole('heading', { name: 'Bob Builder', exact: true }).waitFor();
    await waitForText(c, 'In call');
    await expectAudioReceived([
      ['bob', b],
      ['carol', c],
    ]);
    await b.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(c, 'bob hung up.');
    await b.getByRole('button', { name: 'Close', exact: true }).click();
    await c.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('call waiting: JsSIP calls Bob during his call with Carol; "Answer and hold" and "Swap" work', async () => {
    await callAndAnswer(c, b, 'bob');
    const start = (await jssipEvents(j)).length;
    await jssip(j, 'call', 'bob');
    await b.getByRole('heading', { name: 'Jane JsSIP is calling' }).waitFor();
    await waitForJsSipEvent(j, 'progress', start);
    await b.getByRole('button', { name: 'Answer and hold', exact: true }).click();
    await waitForText(c, 'On hold: bob put you on hold');
    await waitForJsSipEvent(j, 'confirmed', start);
    await expectAudioReceived([['jane (JsSIP)', j]]);
    const others = b.getByRole('list', { name: 'Other calls' });
    await others.getByText('Carol Third', { exact: true }).waitFor();
    await screenshot(b, 'jssip-04-call-waiting');

    // Swap: JsSIP goes on hold (a=sendonly), Carol is back.
    await others.getByRole('button', { name: 'Swap', exact: true }).click();
    expect((await waitForJsSipEvent(j, 'reinvite', start)).detail).toBe('a=sendonly');
    await pollUntil(
      () => c.getByText('In call', { exact: true }).count(),
      (n) => n > 0,
      10_000,
      'Carol back in the call',
    );
    await others.getByRole('button', { name: 'Swap', exact: true }).click();
    await waitForText(c, 'On hold: bob put you on hold');
    await waitForJsSipEvent(j, 'unhold', start);

    const before = (await jssipEvents(j)).length;
    await jssip(j, 'hangup');
    await waitForJsSipEvent(j, 'ended', before);
    await c.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'carol hung up.');
  });
});
