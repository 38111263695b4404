/**
 * Pre-warmed calls (issue 15, item 5): the pointer on "Call NAME" opens the microphone and makes the
 * peer connection and its offer before the click; the call then uses exactly that connection and audio
 * flows both ways. A warm-up nobody uses gives the microphone back (its track ends) after the idle time.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAudioReceived } from '../support/browser/audio-stats.js';
import { launchChromium } from '../support/browser/chromium.js';
import type { TestBrowser } from '../support/browser/chromium.js';
import { openClient, signUp, waitForText } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService } from '../support/service/test-service.js';
import type { TestService } from '../support/service/test-service.js';

/** The engine's default idle time for an unused warm-up (DEFAULT_WARMUP_IDLE_MS). */
const IDLE_MS = 5000;

/** Remembers every microphone track the page opens, with when it was opened. */
const recordMicrophones = `
  (() => {
    window.__micTracks = [];
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await open(constraints);
      for (const track of stream.getAudioTracks()) window.__micTracks.push({ track, at: performance.now() });
      return stream;
    };
  })();
`;

interface PageGlobals {
  __micTracks: { track: MediaStreamTrack; at: number }[];
  __parleyPeerConnections: RTCPeerConnection[];
}

const contactCall = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: `Call ${name}`, exact: true });

/** Waits until the page holds a prepared offer: a peer connection with a local offer and a candidate. */
async function waitForWarmOffer(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const w = window as unknown as PageGlobals;
    const pc = w.__parleyPeerConnections.at(-1);
    return pc?.signalingState === 'have-local-offer' && /a=candidate/.test(pc.localDescription?.sdp ?? '');
  });
}

describe('pre-warmed calls in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
    const users = [
      { username: 'warmcaller', password: 'warm-caller-secret', displayName: 'Warm Caller' },
      { username: 'warmcallee', password: 'warm-callee-secret', displayName: 'Warm Callee' },
    ];
    const pages: Page[] = [];
    for (const user of users) {
      const context = await browser.newContext();
      await context.addInitScript({ content: recordMicrophones });
      const page = await openClient(context, service.baseUrl);
      await signUp(page, user);
      pages.push(page);
    }
    [a, b] = pages as [Page, Page];
    await a.getByRole('searchbox', { name: 'Search users' }).fill('warmcallee');
    await a.getByRole('button', { name: 'Add warmcallee to contacts', exact: true }).click();
    await contactCall(a, 'warmcallee').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('prepares the call on hover and places it on that connection, with audio both ways', async () => {
    await contactCall(a, 'warmcallee').hover();
    await waitForWarmOffer(a);
    const before = await a.evaluate(() => (window as unknown as PageGlobals).__parleyPeerConnections.length);

    await contactCall(a, 'warmcallee').click();
    await b.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForText(a, 'In call');
    await waitForText(b, 'In call');
    await expectAudioReceived([
      ['the caller', a],
      ['the callee', b],
    ]);

    const reuse = await a.evaluate(() => {
      const w = window as unknown as PageGlobals;
      const pc = w.__parleyPeerConnections.at(-1)!;
      return {
        connections: w.__parleyPeerConnections.length,
        sendsWarmTrack: pc.getSenders().some((s) => s.track === w.__micTracks[0]?.track),
        connected: pc.connectionState,
      };
    });
    // No new connection at the click: the prepared one carries the call, with the microphone it opened.
    expect(reuse).toEqual({ connections: before, sendsWarmTrack: true, connected: 'connected' });

    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await b.getByRole('button', { name: 'Hang up', exact: true }).waitFor({ state: 'detached' });
    await a.mouse.move(0, 0);
  }, 60_000);

  it('gives the microphone back when the prepared call is not placed', async () => {
    const opened = await a.evaluate(() => (window as unknown as PageGlobals).__micTracks.length);
    await contactCall(a, 'warmcallee').hover();
    await waitForWarmOffer(a);
    await a.mouse.move(0, 0); // the person changes their mind

    const warm = await a.evaluate((index) => {
      const { track, at } = (window as unknown as PageGlobals).__micTracks[index]!;
      return { state: track.readyState, at };
    }, opened);
    expect(warm.state).toBe('live');

    // No event fires when a track is stopped locally: poll its state.
    await a.waitForFunction(
      (index) => (window as unknown as PageGlobals).__micTracks[index]!.track.readyState === 'ended',
      opened,
      { timeout: IDLE_MS + 10_000, polling: 100 },
    );
    const heldFor = await a.evaluate((at) => performance.now() - at, warm.at);
    expect(heldFor).toBeGreaterThanOrEqual(IDLE_MS - 500); // kept for the idle time, then released
    const pc = await a.evaluate(
      () => (window as unknown as PageGlobals).__parleyPeerConnections.at(-1)!.signalingState,
    );
    expect(pc).toBe('closed');
    // Nothing rang anywhere.
    expect(await b.getByRole('button', { name: 'Answer', exact: true }).count()).toBe(0);
  }, 30_000);
});
