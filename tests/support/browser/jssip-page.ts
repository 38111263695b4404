/**
 * An unmodified JsSIP 3.13 user agent in a Chromium page, for interoperability tests (issue 2, 13).
 *
 * JsSIP 3.13 ships only CommonJS sources (no `dist/` bundle), so it is bundled as is with esbuild into
 * one browser script and loaded into a plain page served by the service. A tiny phone around it
 * (`window.jssipPhone`) registers, places or answers calls, holds, transfers (REFER, RFC 3515) and
 * follows REFERs, plays remote audio through an unmuted `<audio>` element (Chromium decodes remote
 * audio only then; FIELD-NOTES) and records what happens as events the test reads.
 */
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { pollUntil } from './audio-stats.js';
import type { TestBrowser } from './chromium.js';

export interface JsSipUser {
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
}

export interface JsSipEvent {
  readonly name: string;
  /** Which call of this phone (1, 2, …) the event belongs to. */
  readonly call?: number;
  readonly originator?: string;
  readonly cause?: string;
  readonly from?: string;
  /** `reinvite`: the media direction of the offer (`a=sendonly`, …); `refer`: the Refer-To target. */
  readonly detail?: string;
}

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

/** The phone around JsSIP (a string, so no compiler helper leaks into the page). */
const harness = `
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
    let calls = 0;
    const play = (pc) => {
      pc.addEventListener('track', (event) => {
        remoteAudio.srcObject = event.streams[0] || new MediaStream([event.track]);
        remoteAudio.play().catch(() => undefined);
      });
    };
    const watch = (s) => {
      const call = ++calls;
      session = s;
      if (s.connection) play(s.connection);
      else s.on('peerconnection', (e) => play(e.peerconnection));
      for (const name of ['progress', 'accepted', 'confirmed', 'ended', 'failed', 'hold', 'unhold']) {
        s.on(name, (e) => events.push({ call, name, originator: e && e.originator, cause: e && e.cause }));
      }
      s.on('reinvite', (e) => {
        const m = /a=(sendonly|recvonly|inactive|sendrecv)/.exec((e.request && e.request.body) || '');
        events.push({ call, name: 'reinvite', detail: m ? m[0] : '' });
      });
      s.on('newDTMF', (e) => events.push({ call, name: 'dtmf', originator: e.originator }));
      // Being transferred: follow the REFER (a new call to the Refer-To target, RFC 3515 §2.4.2).
      s.on('refer', (e) => {
        events.push({ call, name: 'refer', detail: e.request.refer_to.uri.toString() });
        e.accept((next) => watch(next), options);
      });
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
            events.push({ name: 'incoming', from: e.request.from.uri.toString(), call: calls + 1 });
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
      // False while an earlier re-INVITE is still in progress (JsSIP then does nothing).
      hold() {
        return session.hold();
      },
      unhold() {
        return session.unhold();
      },
      /** Blind transfer of the current call (REFER); the events say how it went. */
      refer(target) {
        const call = calls;
        session.refer(target, {
          eventHandlers: {
            accepted: () => events.push({ call, name: 'refer-accepted' }),
            failed: () => events.push({ call, name: 'refer-failed' }),
          },
        });
      },
      stop() {
        ua && ua.stop();
      },
    };
  })();
`;

type PhoneMethod = 'call' | 'answer' | 'hangup' | 'hold' | 'unhold' | 'refer' | 'stop';

/**
 * Opens a page really served by the service (`/api/config`), so it has the service's origin and address
 * space (Chromium's Local Network Access checks refuse a WebSocket to 127.0.0.1 from a page a test route
 * made up; 127.0.0.1 is a secure context, so getUserMedia works), loads JsSIP and registers `user`.
 */
export async function openJsSipPage(
  browser: TestBrowser,
  service: { baseUrl: string; sipUrl: string; domain: string },
  user: JsSipUser,
): Promise<{ page: Page; version: string }> {
  // The service's CSP (rightly) forbids inline scripts; this test page injects JsSIP as one.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[jssip page error] ${error.message}\n`));
  await page.goto(`${service.baseUrl}/api/config`);
  await page.addScriptTag({ content: await bundleJsSip() });
  const version = await page.evaluate(
    () => (window as unknown as { JsSIP: { version: string } }).JsSIP.version,
  );
  await page.addScriptTag({ content: harness });
  const state = await page.evaluate(
    (config) =>
      (window as unknown as { jssipPhone: { start(c: unknown): Promise<string> } }).jssipPhone.start(config),
    { sipUrl: service.sipUrl, domain: service.domain, ...user },
  );
  if (state !== 'registered') throw new Error(`JsSIP did not register: ${state}`);
  return { page, version };
}

/** Calls one method of the page's JsSIP phone; resolves with what it returned (hold/unhold: done or not). */
export async function jssip(page: Page, method: PhoneMethod, arg?: string): Promise<unknown> {
  return page.evaluate(
    ([m, a]) =>
      (window as unknown as { jssipPhone: Record<string, (x?: string) => unknown> }).jssipPhone[m]!(a),
    [method, arg] as const,
  );
}

/** Holds or resumes on the JsSIP side once JsSIP is ready to send a new offer (no re-INVITE pending). */
export async function jssipHold(page: Page, hold: boolean): Promise<void> {
  await pollUntil(
    () => jssip(page, hold ? 'hold' : 'unhold'),
    (done) => done === true,
    10_000,
    `JsSIP ready to ${hold ? 'hold' : 'resume'}`,
  );
}

export function jssipEvents(page: Page): Promise<JsSipEvent[]> {
  return page.evaluate(() => [
    ...(window as unknown as { jssipPhone: { events: JsSipEvent[] } }).jssipPhone.events,
  ]);
}

/** The first event named `name` (and matching `where`) after the first `after` events. */
export async function waitForJsSipEvent(
  page: Page,
  name: string,
  after = 0,
  where: (event: JsSipEvent) => boolean = () => true,
): Promise<JsSipEvent> {
  const match = (e: JsSipEvent): boolean => e.name === name && where(e);
  const events = await pollUntil(
    () => jssipEvents(page),
    (list) => list.slice(after).some(match),
    20_000,
    `JsSIP event ${name}`,
  );
  return events.slice(after).find(match)!;
}
