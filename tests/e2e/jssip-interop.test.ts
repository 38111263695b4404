/**
 * Interoperability is the proof of a real proxy (issue 2): an unmodified JsSIP 3.13 user agent in
 * Chromium calls the Parley web client through the service, and the other way round, with real WebRTC
 * (fake devices) and audio verified both ways. Nothing in the service knows JsSIP is on the line.
 *
 * JsSIP 3.13 ships only CommonJS sources (no `dist/` bundle), so the test bundles the package as is
 * with esbuild into one browser script and loads it into a plain page served by the service.
 */
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAudioReceived, pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium } from '../support/browser/chromium.js';
import type { TestBrowser } from '../support/browser/chromium.js';
import { dial, openSignedUp, screenshot, waitForText } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService } from '../support/service/test-service.js';
import type { TestService } from '../support/service/test-service.js';

const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };
const jane = { username: 'jane', password: 'jane-secret-12', displayName: 'Jane JsSIP' };

/** The unmodified JsSIP package as one browser script exposing `window.JsSIP`. */
async function bundleJsSip(): Promise<string> {
  const result = await build({
    entryPoints: [path.resolve('node_modules/jssip/lib/JsSIP.js')],
    bundle: true,
    format: 'iife',
    globalName: 'JsSIP',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * A tiny JsSIP phone in the page (a string, so no compiler helper leaks in): registers, places or
 * answers one call at a time, plays the remote audio through an unmuted `<audio>` element (Chromium
 * decodes remote audio only then; FIELD-NOTES) and records the session's events for the test.
 */
const jssipHarness = `
  window.jssipPhone = (() => {
    const events = [];
    const remoteAudio = document.createElement('audio');
    remoteAudio.autoplay = true;
    document.body.append(remoteAudio);
    // JsSIP defaults to audio + video; the fake microphone wants no processing (FIELD-NOTES).
    const options = {
      mediaConstraints: {
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
        video: false,
      },
      pcConfig: { iceServers: [] },
    };
    let ua;
    let session;
    const play = (pc) => {
      pc.addEventListener('track', (event) => {
        remoteAudio.srcObject = event.streams[0] || new MediaStream([event.track]);
        remoteAudio.play().catch(() => undefined);
      });
    };
    const watch = (s) => {
      session = s;
      if (s.connection) play(s.connection);
      else s.on('peerconnection', (e) => play(e.peerconnection));
      for (const name of ['progress', 'accepted', 'confirmed', 'ended', 'failed']) {
        s.on(name, (e) => events.push({ name, originator: e && e.originator, cause: e && e.cause }));
      }
    };
    return {
      events,
      start(config) {
        return new Promise((resolve, reject) => {
          ua = new JsSIP.UA({
            sockets: [new JsSIP.WebSocketInterface(config.sipUrl)],
            uri: 'sip:' + config.username + '@' + config.domain,
            password: config.password,
            display_name: config.displayName,
          });
          ua.on('registered', () => resolve('registered'));
          ua.on('registrationFailed', (e) => reject(new Error('registration failed: ' + e.cause)));
          ua.on('newRTCSession', (e) => {
            if (e.originator !== 'remote') return;
            events.push({ name: 'incoming', from: e.request.from.uri.toString() });
            watch(e.session);
          });
          ua.start();
        });
      },
      call(target) {
        watch(ua.call(target, options));
      },
      answer() {
        session.answer(options);
      },
      hangup() {
        session.terminate();
      },
      stop() {
        ua && ua.stop();
      },
    };
  })();
`;

interface JsSipEvent {
  readonly name: string;
  readonly originator?: string;
  readonly cause?: string;
  readonly from?: string;
}

function jssipEvents(page: Page): Promise<JsSipEvent[]> {
  return page.evaluate(() => [
    ...(window as unknown as { jssipPhone: { events: JsSipEvent[] } }).jssipPhone.events,
  ]);
}

async function waitForJsSipEvent(page: Page, name: string, after = 0): Promise<JsSipEvent> {
  const events = await pollUntil(
    () => jssipEvents(page),
    (list) => list.slice(after).some((e) => e.name === name),
    20_000,
    `JsSIP event ${name}`,
  );
  return events.slice(after).find((e) => e.name === name)!;
}

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
    // The service's CSP (rightly) forbids inline scripts; this test page injects JsSIP as one.
    const context = await browser.newContext({ bypassCSP: true });
    jssip = await context.newPage();
    jssip.on('pageerror', (error) => process.stderr.write(`[jssip page error] ${error.message}\n`));
    // A page really served by the service (`/api/config`), so it has the service's origin and address
    // space (Chromium's Local Network Access checks refuse a WebSocket to 127.0.0.1 from a page a test
    // route made up). 127.0.0.1 is a secure context: getUserMedia works.
    await jssip.goto(`${service.baseUrl}/api/config`);
    await jssip.addScriptTag({ content: await bundleJsSip() });
    expect(
      await jssip.evaluate(() => (window as unknown as { JsSIP: { version: string } }).JsSIP.version),
    ).toMatch(/^3\.13\./);
    await jssip.addScriptTag({ content: jssipHarness });
    const state = await jssip.evaluate(
      (config) =>
        (window as unknown as { jssipPhone: { start(c: unknown): Promise<string> } }).jssipPhone.start(
          config,
        ),
      { sipUrl: service.sipUrl, domain: service.domain, ...jane },
    );
    expect(state).toBe('registered');
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
