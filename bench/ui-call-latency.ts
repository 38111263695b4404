/**
 * The client's own call latency, through the real UI (issue 15, item 5). Two browser contexts signed up
 * in the built web app; the caller points at "Call NAME" in its contacts (a person's hover before the
 * click: `--dwell` ms) and clicks it, the callee clicks "Answer", and a 440 Hz burst from the caller's
 * microphone is detected on the callee's remote track. Per call, in each page's own clock
 * (`performance.timeOrigin + performance.now()`, one machine):
 * - click → INVITE sent: the click event's timestamp until the caller's WebSocket sends the INVITE;
 * - INVITE → received: until the callee's WebSocket delivers it (the service routing it);
 * - received → "Answer" painted: until the animation frame after "Answer" entered the document;
 * - dial → ringing: click → "Answer" painted, the sum of the three (the issue's goal: p95 ≤ 60 ms);
 * - answer → first audio: the Answer click until the first RTP packet unmutes the remote track, at the
 *   caller and at the callee;
 * - mouth-to-ear: the burst rendered into the caller's track until the callee's detector hears it
 *   (indicative: the two pages' audio threads are not synchronised; goal p50 ≤ 60 ms).
 *
 * Before and after in the same run: the web app of `--baseline` (a git ref, default the merge base with
 * `main`) is built from `git archive` into a temporary folder and served by a second service; the calls
 * alternate between the baseline and the working tree, so both see the same machine load. The working
 * tree is also measured with a click that carries no sign of intent before it (`cold`: a bare click
 * event, no pointer over the button first), which shows what pre-warming saves.
 *
 *   npx tsx bench/ui-call-latency.ts [--calls=10] [--dwell=300] [--baseline=REF|none]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type TestBrowser } from '../tests/support/browser/chromium.js';
import { openClient, signUp, waitForText } from '../tests/support/browser/parley-page.js';
import { startTestService, type TestService } from '../tests/support/service/test-service.js';
import { instrument, quantile, uiProbe } from './support/browser-probe.js';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key!, value ?? ''];
  }),
);
const calls = Number(args.get('calls') ?? 10);
const dwellMs = Number(args.get('dwell') ?? 300);
const baselineRef = args.get('baseline') ?? gitOut(['merge-base', 'HEAD', 'main']).trim();

function gitOut(argv: string[]): string {
  return execFileSync('git', argv, { encoding: 'utf8' });
}

/** Builds the web app of the working tree, or of `ref` (from `git archive`), into a fresh folder. */
async function buildWeb(tmp: string, name: string, ref?: string): Promise<string> {
  const outDir = path.join(tmp, `${name}-dist`);
  let repo = path.resolve('.');
  if (ref !== undefined) {
    repo = path.join(tmp, `${name}-src`);
    await fs.mkdir(repo);
    const archive = execFileSync('git', ['archive', '--format=tar', ref], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', repo], { input: archive });
    await fs.symlink(path.resolve('node_modules'), path.join(repo, 'node_modules'));
  }
  execFileSync(
    process.execPath,
    [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts'].concat([
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'error',
    ]),
    { cwd: repo, stdio: 'inherit' },
  );
  return outDir;
}

interface Sample {
  clickToInviteSent: number;
  inviteTransit: number;
  receivedToAnswerPainted: number;
  dialToRinging: number;
  /** Undefined: no audio within 20 s (a machine too loaded for ICE/DTLS to finish), counted as missing. */
  answerToAudioAtCaller: number | undefined;
  answerToAudioAtCallee: number | undefined;
  mouthToEar: number | undefined;
  /** The callee's mean jitter-buffer delay over the call so far (inbound-rtp stats). */
  calleeJitterBuffer: number | undefined;
}

interface Variant {
  readonly name: string;
  readonly caller: Page;
  readonly callee: Page;
  readonly calleeName: string;
  /** The caller's click: after a pointer dwell over the button, or a bare click event. */
  readonly intent: boolean;
  readonly samples: Sample[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- page globals set by the init scripts */
const probeOf = (page: Page, key: string): Promise<number> =>
  page
    .waitForFunction((k) => (window as any).uiProbe[k] as number | undefined, key, { polling: 5 })
    .then((handle) => handle.jsonValue() as Promise<number>);

/** When the page's newest connection got its first packet; undefined when none came within 20 s. */
const firstAudio = (page: Page): Promise<number | undefined> =>
  page
    .waitForFunction(
      () => (window as any).bench.firstAudio.at(-1)?.firstPacketAt as number | undefined,
      undefined,
      { polling: 5, timeout: 20_000 },
    )
    .then((handle) => handle.jsonValue() as Promise<number>)
    .catch(() => undefined);

/** One burst from the caller's microphone, heard on the callee's newest remote track; undefined if lost. */
async function mouthToEar(caller: Page, callee: Page): Promise<number | undefined> {
  try {
    await callee.evaluate(() => {
      const bench = (window as any).bench;
      const pcs = (window as any).__parleyPeerConnections as RTCPeerConnection[];
      const track = pcs.at(-1)!.getReceivers()[0]!.track;
      bench.heardAt = undefined;
      bench.detect(new MediaStream([track]), (at: number) => (bench.heardAt = at));
    });
    await caller.evaluate(() => {
      (window as any).bench.burstAt = undefined;
      (window as any).bench.burst();
    });
    const sentAt = await caller
      .waitForFunction(() => (window as any).bench.burstAt as number | undefined, undefined, {
        timeout: 3000,
      })
      .then((h) => h.jsonValue() as Promise<number>);
    const heardAt = await callee
      .waitForFunction(() => (window as any).bench.heardAt as number | undefined, undefined, {
        polling: 10,
        timeout: 3000,
      })
      .then((h) => h.jsonValue() as Promise<number>);
    return heardAt - sentAt;
  } catch {
    return undefined; // not heard within 3 s: reported as missing, not as a number
  }
}

async function oneCall(v: Variant): Promise<Sample> {
  const { caller, callee } = v;
  for (const page of [caller, callee]) await page.evaluate(() => (window as any).uiProbe.reset());
  const callButton = contactCall(caller, v.calleeName);
  if (v.intent) {
    await callButton.hover();
    await caller.waitForTimeout(dwellMs); // the person's pointer resting on the button before the click
    await callButton.click();
  } else {
    await callButton.dispatchEvent('click');
  }
  const clickAt = await probeOf(caller, 'clickAt');
  const inviteSentAt = await probeOf(caller, 'inviteSentAt');
  const inviteReceivedAt = await probeOf(callee, 'inviteReceivedAt');
  const answerPaintedAt = await probeOf(callee, 'answerPaintedAt');
  await callee.getByRole('button', { name: 'Answer', exact: true }).click();
  const answerClickAt = await probeOf(callee, 'answerClickAt');
  const [atCaller, atCallee] = await Promise.all([firstAudio(caller), firstAudio(callee)]);
  const m2e = atCaller === undefined || atCallee === undefined ? undefined : await mouthToEar(caller, callee);
  const jitterBuffer = await callee.evaluate(async () => {
    const pc = ((window as any).__parleyPeerConnections as RTCPeerConnection[]).at(-1)!;
    let delay: number | undefined;
    (await pc.getStats()).forEach((r: Record<string, unknown>) => {
      if (r['type'] !== 'inbound-rtp' || r['kind'] !== 'audio') return;
      const emitted = Number(r['jitterBufferEmittedCount'] ?? 0);
      if (emitted > 0) delay = (1000 * Number(r['jitterBufferDelay'])) / emitted;
    });
    return delay;
  });
  for (const page of [caller, callee]) await page.evaluate(() => (window as any).bench.stopWatching());
  // A call whose media never came up may have ended by itself already.
  const hangUp = caller.getByRole('button', { name: 'Hang up', exact: true });
  if ((await hangUp.count()) > 0) await hangUp.click({ timeout: 60_000 }).catch(() => undefined);
  for (const page of [caller, callee]) {
    await page
      .getByRole('button', { name: 'Hang up', exact: true })
      .waitFor({ state: 'detached', timeout: 60_000 });
  }
  await caller.mouse.move(0, 0); // off the Call button, so the next call starts with a fresh pointer
  return {
    clickToInviteSent: inviteSentAt - clickAt,
    inviteTransit: inviteReceivedAt - inviteSentAt,
    receivedToAnswerPainted: answerPaintedAt - inviteReceivedAt,
    dialToRinging: answerPaintedAt - clickAt,
    answerToAudioAtCaller: atCaller === undefined ? undefined : atCaller - answerClickAt,
    answerToAudioAtCallee: atCallee === undefined ? undefined : atCallee - answerClickAt,
    mouthToEar: m2e,
    calleeJitterBuffer: jitterBuffer,
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** "Call NAME" in the caller's contact list. */
const contactCall = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: `Call ${name}`, exact: true });

/** Two signed-up people on `service`, the callee in the caller's contacts. */
async function twoPeople(
  browser: TestBrowser,
  service: TestService,
  prefix: string,
): Promise<{ caller: Page; callee: Page; calleeName: string }> {
  const pages: Page[] = [];
  for (const who of ['caller', 'callee']) {
    const context = await browser.newContext();
    await context.addInitScript({ content: instrument });
    await context.addInitScript({ content: uiProbe });
    const page = await openClient(context, service.baseUrl);
    await signUp(page, {
      username: `${prefix}${who}`,
      password: `pw-${prefix}${who}-secret`,
      displayName: who,
    });
    pages.push(page);
  }
  const [caller, callee] = pages as [Page, Page];
  const calleeName = `${prefix}callee`;
  await caller.getByRole('searchbox', { name: 'Search users' }).fill(calleeName);
  await caller.getByRole('button', { name: `Add ${calleeName} to contacts`, exact: true }).click();
  await contactCall(caller, calleeName).waitFor();
  await waitForText(caller, 'Ready for calls');
  return { caller, callee, calleeName };
}

const STAGES: ReadonlyArray<[keyof Sample, string]> = [
  ['clickToInviteSent', 'click → INVITE sent (caller)'],
  ['inviteTransit', 'INVITE sent → received (service)'],
  ['receivedToAnswerPainted', 'received → "Answer" painted'],
  ['dialToRinging', 'dial → ringing (click → painted)'],
  ['answerToAudioAtCaller', 'answer → first audio at caller'],
  ['answerToAudioAtCallee', 'answer → first audio at callee'],
  ['mouthToEar', 'mouth-to-ear (caller → callee)'],
  ['calleeJitterBuffer', "callee's jitter buffer (mean)"],
];

function table(variants: readonly Variant[]): string {
  const cell = (values: number[]): string =>
    values.length === 0
      ? '—'.padStart(18)
      : `${quantile(values, 0.5).toFixed(1)} / ${quantile(values, 0.95).toFixed(1)}`.padStart(18);
  const lines = [`${'stage, ms p50 / p95'.padEnd(36)}${variants.map((v) => v.name.padStart(18)).join('')}`];
  for (const [key, label] of STAGES) {
    const row = variants.map((v) =>
      cell(v.samples.map((s) => s[key]).filter((x): x is number => x !== undefined)),
    );
    lines.push(`${label.padEnd(36)}${row.join('')}`);
  }
  lines.push(
    `${'calls (with audio, m2e heard)'.padEnd(36)}${variants
      .map((v) =>
        `${v.samples.length} (${v.samples.filter((s) => s.answerToAudioAtCallee !== undefined).length}, ${v.samples.filter((s) => s.mouthToEar !== undefined).length})`.padStart(
          15,
        ),
      )
      .join('')}`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-ui-latency-'));
  const services: TestService[] = [];
  let browser: TestBrowser | undefined;
  try {
    const currentRoot = await buildWeb(tmp, 'current');
    const baselineRoot = baselineRef === 'none' ? undefined : await buildWeb(tmp, 'baseline', baselineRef);
    browser = await launchChromium();
    const variants: Variant[] = [];
    if (baselineRoot) {
      const service = await startTestService({ webRoot: baselineRoot });
      services.push(service);
      const people = await twoPeople(browser, service, 'base');
      variants.push({ name: 'before', ...people, intent: true, samples: [] });
    }
    const service = await startTestService({ webRoot: currentRoot });
    services.push(service);
    const people = await twoPeople(browser, service, 'now');
    variants.push({ name: 'after, cold', ...people, intent: false, samples: [] });
    variants.push({ name: 'after', ...people, intent: true, samples: [] });
    // The first round warms up (JIT, codecs, audio threads) and is not counted.
    for (let round = 0; round <= calls; round++) {
      for (const variant of variants) {
        process.stderr.write(`round ${round}: ${variant.name}\n`);
        const sample = await oneCall(variant);
        if (round > 0) variant.samples.push(sample);
      }
    }
    console.log(
      `Parley web app through its UI, Chromium ⇄ Chromium on loopback via the Parley service; ` +
        `${calls} calls per column, pointer dwell ${dwellMs} ms; before = ${baselineRef === 'none' ? '(skipped)' : baselineRef.slice(0, 12)}.`,
    );
    console.log('Noisy machine: compare the columns with each other, not with other runs.\n');
    console.log(table(variants));
    console.log(
      JSON.stringify({
        bench: 'ui-call-latency',
        dwellMs,
        baseline: baselineRef,
        variants: variants.map((v) => ({ name: v.name, samples: v.samples })),
      }),
    );
  } finally {
    await browser?.close();
    for (const service of services) await service.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

await main();
