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

/**
 * Runs in each page before anything else: a synthetic microphone (oscillator → gain → stream, silent
 * until `burst()`), the remote track's first unmute per peer connection, and a burst detector on the
 * remote audio. A string, so no compiler helper leaks into the page.
 */
const instrument = `
  (() => {
    const now = () => performance.timeOrigin + performance.now();
    const bench = (window.bench = { firstAudio: [], heardAt: undefined, burstAt: undefined });
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(config) {
        super(config);
        const record = { firstPacketAt: undefined };
        bench.firstAudio.push(record);
        this.addEventListener('track', (event) => {
          const track = event.track;
          if (!track.muted) record.firstPacketAt ??= now();
          track.addEventListener('unmute', () => (record.firstPacketAt ??= now()), { once: true });
        });
      }
    };
    let mic;
    const micContext = () => {
      if (mic) return mic;
      const context = new AudioContext({ latencyHint: 0 });
      const oscillator = context.createOscillator();
      oscillator.frequency.value = 440;
      const gain = context.createGain();
      gain.gain.value = 0;
      const destination = context.createMediaStreamDestination();
      oscillator.connect(gain).connect(destination);
      const local = context.createAnalyser();
      local.fftSize = 256;
      gain.connect(local);
      oscillator.start();
      mic = { context, gain, destination, local };
      return mic;
    };
    // Opens the (fake) microphone as a real call does, so its cost stays in the numbers, then sends
    // the oscillator's track instead of the device's.
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const device = await getUserMedia(constraints);
      for (const track of device.getTracks()) track.stop();
      const { context, destination } = micContext();
      await context.resume();
      return new MediaStream([destination.stream.getAudioTracks()[0].clone()]);
    };
    // The burst leaves when the microphone's own context renders it into the track: an analyser on the
    // same graph, polled by the same detector as the far end, marks that moment.
    bench.burst = () => {
      const { context, gain, local } = micContext();
      bench.watch(local, (at) => (bench.burstAt = at));
      const start = context.currentTime + 0.05;
      gain.gain.setValueAtTime(0.5, start);
      gain.gain.setValueAtTime(0, start + 0.2);
    };
    bench.listen = (element) => {
      bench.heardAt = undefined;
      bench.detect(element.srcObject, (at) => (bench.heardAt = at));
    };
    bench.detect = (stream, onHeard) => {
      const context = new AudioContext({ latencyHint: 0 });
      const analyser = context.createAnalyser();
      analyser.fftSize = 256;
      context.createMediaStreamSource(stream).connect(analyser);
      bench.watch(analyser, onHeard, () => void context.close());
    };
    bench.watch = (analyser, onHeard, done) => {
      const samples = new Float32Array(analyser.fftSize);
      const timer = setInterval(() => {
        analyser.getFloatTimeDomainData(samples);
        let peak = 0;
        for (const s of samples) peak = Math.max(peak, Math.abs(s));
        if (peak > 0.1) {
          onHeard(now());
          clearInterval(timer);
          if (done) done();
        }
      }, 1);
    };
  })();
`;

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

function summary(name: string, values: number[]): string {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) return `${name.padEnd(36)} no samples`;
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const f = (v: number): string => v.toFixed(1).padStart(6);
  return `${name.padEnd(36)} median ${f(median)} ms   p90 ${f(at(0.9))}   min ${f(sorted[0]!)}   max ${f(sorted.at(-1)!)}   (n=${sorted.length})`;
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
