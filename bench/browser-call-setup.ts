/**
 * Call set-up in Chromium, median of N calls through the real service (issue 2, "Numbers to report"):
 * two pages (two browser contexts) each run the real web phone engine (`createWebPhoneEngine`: SIP.js,
 * WebRTC, fast ICE release), bundled with esbuild and loaded into a page served by the service.
 * - dial → ringing at the callee: `engine.call()` in page A until page B's snapshot shows `incoming`;
 * - answer → first audio packet: `engine.answer()` in B until the remote track unmutes (Chromium unmutes
 *   a remote track when its first RTP packet arrives), at the caller and at the callee;
 * - mouth-to-ear: each page opens its (fake) microphone as usual but sends a Web Audio oscillator instead,
 *   silent but for one 440 Hz burst per call; B analyses the remote stream its `<audio>` element plays
 *   and notes when the burst arrives; A notes when its own audio graph rendered it into the track, with
 *   the same detector. Indicative only: the two pages' timers and audio threads are not synchronised,
 *   and an occasional sample comes out negative (the far end fired first), so trust the median at best.
 * Times are `performance.timeOrigin + performance.now()` in each page: one machine, one clock.
 *
 *   npx tsx bench/browser-call-setup.ts [calls=20]
 */
import path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/support/browser/chromium.js';
import { startTestService } from '../tests/support/service/test-service.js';
import { instrument, summary } from './support/browser-probe.js';

const calls = Number(process.argv[2] ?? 20);

/** The real engine as one browser script exposing `window.ParleyBench.createWebPhoneEngine`. */
async function bundleEngine(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `export { createWebPhoneEngine } from './renderer/src/engine/web/create-web-phone-engine.ts';`,
      resolveDir: path.resolve('.'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'ParleyBench',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

interface Times {
  dialToRinging: number;
  answerToFirstAudioAtCaller: number;
  answerToFirstAudioAtCallee: number;
  mouthToEar: number | undefined;
}

async function openPhone(
  page: Page,
  baseUrl: string,
  engineScript: string,
  config: { sipUrl: string; domain: string; username: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/api/config`);
  await page.addScriptTag({ content: engineScript });
  await page.evaluate(async (c) => {
    const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- page globals set by the scripts above
    const remoteAudio = document.createElement('audio');
    remoteAudio.autoplay = true;
    document.body.append(remoteAudio);
    const engine = w['ParleyBench'].createWebPhoneEngine({
      ...c,
      iceServers: [],
      remoteAudio,
      audioProcessing: false,
    });
    w['bench'].engine = engine;
    w['bench'].remoteAudio = remoteAudio;
    engine.subscribe(() => {
      const incoming = engine
        .getSnapshot()
        .calls.find((call: { state: string }) => call.state === 'incoming');
      if (incoming && w['bench'].incomingAt === undefined) {
        w['bench'].incomingAt = performance.timeOrigin + performance.now();
        w['bench'].incomingId = incoming.id;
      }
    });
    await engine.start();
  }, config);
}

async function oneCall(a: Page, b: Page, callee: string): Promise<Times> {
  /* eslint-disable @typescript-eslint/no-explicit-any -- page globals set by `instrument` */
  await b.evaluate(() => {
    const bench = (window as any).bench;
    bench.incomingAt = undefined;
    bench.incomingId = undefined;
  });
  const dialedAt = await a.evaluate((target) => {
    const bench = (window as any).bench;
    const at = performance.timeOrigin + performance.now();
    bench.callId = bench.engine.call(target);
    return at;
  }, callee);
  await b.waitForFunction(() => (window as any).bench.incomingAt !== undefined, undefined, { polling: 5 });
  const incomingAt = await b.evaluate(() => (window as any).bench.incomingAt as number);
  const answeredAt = await b.evaluate(() => {
    const bench = (window as any).bench;
    const at = performance.timeOrigin + performance.now();
    void bench.engine.answer(bench.incomingId);
    return at;
  });
  const firstAudio = (page: Page): Promise<number> =>
    page
      .waitForFunction(() => (window as any).bench.firstAudio.at(-1)?.firstPacketAt, undefined, {
        polling: 5,
      })
      .then((handle) => handle.jsonValue() as Promise<number>);
  const [atCaller, atCallee] = await Promise.all([firstAudio(a), firstAudio(b)]);

  // Mouth-to-ear, caller → callee: once audio flows, one burst.
  let mouthToEar: number | undefined;
  try {
    await b.evaluate(() => (window as any).bench.listen((window as any).bench.remoteAudio));
    await a.evaluate(() => (window as any).bench.burst());
    await a.waitForFunction(() => (window as any).bench.burstAt !== undefined, undefined, { timeout: 3000 });
    await b.waitForFunction(() => (window as any).bench.heardAt !== undefined, undefined, {
      polling: 10,
      timeout: 3000,
    });
    const burstAt = await a.evaluate(() => {
      const bench = (window as any).bench;
      const at = bench.burstAt as number;
      bench.burstAt = undefined;
      return at;
    });
    const heardAt = await b.evaluate(() => (window as any).bench.heardAt as number);
    mouthToEar = heardAt - burstAt;
  } catch {
    mouthToEar = undefined; // burst not heard within 3 s: reported as missing, not as a number
  }

  await a.evaluate(() => (window as any).bench.engine.hangup((window as any).bench.callId));
  await b.waitForFunction(() =>
    (window as any).bench.engine
      .getSnapshot()
      .calls.every((call: { state: string }) => call.state === 'ended'),
  );
  for (const page of [a, b]) {
    await page.evaluate(() => {
      const engine = (window as any).bench.engine;
      for (const call of engine.getSnapshot().calls) engine.dismiss(call.id);
    });
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
  return {
    dialToRinging: incomingAt - dialedAt,
    answerToFirstAudioAtCaller: atCaller - answeredAt,
    answerToFirstAudioAtCallee: atCallee - answeredAt,
    mouthToEar,
  };
}

async function main(): Promise<void> {
  const service = await startTestService();
  const browser = await launchChromium();
  try {
    const engineScript = await bundleEngine();
    const alice = await service.createAccount('benchalice');
    const bob = await service.createAccount('benchbob');
    const pages: Page[] = [];
    for (const account of [alice, bob]) {
      // The service's CSP forbids inline scripts; this bench page injects the engine as one.
      const context = await browser.newContext({ bypassCSP: true });
      await context.addInitScript({ content: instrument });
      const page = await context.newPage();
      page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
      await openPhone(page, service.baseUrl, engineScript, {
        sipUrl: service.sipUrl,
        domain: service.domain,
        username: account.username,
        password: account.password,
      });
      pages.push(page);
    }
    const [a, b] = pages as [Page, Page];
    const results: Times[] = [];
    for (let i = 0; i < calls + 1; i++) {
      const times = await oneCall(a, b, bob.username);
      if (i > 0) results.push(times); // the first call warms up (JIT, codec init) and is not counted
    }
    console.log(`Chromium ⇄ Chromium through the Parley service on loopback, ${results.length} calls:`);
    console.log(
      summary(
        'dial → ringing at callee',
        results.map((r) => r.dialToRinging),
      ),
    );
    console.log(
      summary(
        'answer → first audio at caller',
        results.map((r) => r.answerToFirstAudioAtCaller),
      ),
    );
    console.log(
      summary(
        'answer → first audio at callee',
        results.map((r) => r.answerToFirstAudioAtCallee),
      ),
    );
    const m2e = results.map((r) => r.mouthToEar).filter((v): v is number => v !== undefined);
    console.log(summary('mouth-to-ear, indicative (A → B)', m2e));
    console.log(JSON.stringify({ bench: 'browser-call-setup', calls: results.length, results }));
  } finally {
    await browser.close();
    await service.stop();
  }
}

await main();
