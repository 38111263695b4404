/**
 * Call control through the real UI (issue 13 "Numbers for the closing note"), Chromium ⇄ service ⇄
 * Chromium on loopback:
 * - Hold and Resume: click → the button flips (our re-INVITE answered 200 and the UI updated), N times;
 * - blind transfer: click "Transfer now" → "You transferred the call." (REFER, the target auto-answers,
 *   the NOTIFY with 200 comes back), N times;
 * - the extra CPU of a three-way call in the client: the host browser's CPU (all its processes, from
 *   /proc) over 10 s of a two-party call, then over 10 s of the same call merged with a third party.
 *
 *   npx tsx bench/call-control.ts [rounds=10]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { writeSineWav } from '../server/src/media/sine-wav.js';
import { launchChromium, type TestBrowser } from '../tests/support/browser/chromium.js';
import { callAndAnswer, dial, openSignedUp, waitForText } from '../tests/support/browser/parley-page.js';
import { ensureWebBuild } from '../tests/support/browser/web-build.js';
import { startTestService } from '../tests/support/service/test-service.js';

const rounds = Number(process.argv[2] ?? 10);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)] ?? NaN;
const fmt = (xs: number[]): string =>
  `median ${median(xs).toFixed(0)} ms, p90 ${p90(xs).toFixed(0)} ms (n=${xs.length})`;

/** CPU seconds used so far by a process and all its descendants. */
function treeCpuSeconds(root: number): number {
  const tick = 100; // USER_HZ on Linux
  const parents = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
      cpu.set(Number(name), (Number(fields[11]) + Number(fields[12])) / tick);
    } catch {
      // the process ended while we read
    }
  }
  let total = 0;
  for (const [pid, seconds] of cpu) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) {
      if (p === root) {
        total += seconds;
        break;
      }
    }
  }
  return total;
}

/** The main process of the Chromium started with this fake-microphone file (its flag names the file). */
function browserPid(fakeAudioFile: string): number {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmdline.includes(fakeAudioFile) && !cmdline.includes('--type=')) pids.push(Number(name));
    } catch {
      // gone
    }
  }
  if (pids.length !== 1)
    throw new Error(`expected one browser process for ${fakeAudioFile}, found ${pids.length}`);
  return pids[0]!;
}

async function cpuOver(pid: number, ms: number): Promise<number> {
  const before = treeCpuSeconds(pid);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return ((treeCpuSeconds(pid) - before) / (ms / 1000)) * 100;
}

async function timed(page: Page, click: () => Promise<void>, until: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await click();
  await until();
  return performance.now() - started;
}

ensureWebBuild();
const service = await startTestService();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-cc-'));
const browsers: TestBrowser[] = [];
try {
  const page = async (name: string, hz: number): Promise<Page> => {
    const file = path.join(dir, `${name}.wav`);
    await writeSineWav(file, { hz, seconds: 2, volume: 0.4 });
    const browser = await launchChromium({ fakeAudioFile: file });
    browsers.push(browser);
    return openSignedUp(browser, service.baseUrl, {
      username: name,
      password: `${name}-secret-1`,
      displayName: name,
    });
  };
  const a = await page('alice', 523);
  const b = await page('bob', 740);
  const d = await page('dave', 988);

  // Hold / Resume.
  await callAndAnswer(a, b, 'bob');
  const hold: number[] = [];
  const resume: number[] = [];
  for (let i = 0; i < rounds; i++) {
    hold.push(
      await timed(
        a,
        () => a.getByRole('button', { name: 'Hold', exact: true }).click(),
        () => a.getByRole('button', { name: 'Resume', exact: true }).waitFor(),
      ),
    );
    resume.push(
      await timed(
        a,
        () => a.getByRole('button', { name: 'Resume', exact: true }).click(),
        () => a.getByRole('button', { name: 'Hold', exact: true }).waitFor(),
      ),
    );
  }
  console.log(`Hold (click → Resume shown): ${fmt(hold)}`);
  console.log(`Resume (click → Hold shown): ${fmt(resume)}`);

  // Three-way call CPU, host browser (alice): two-party first, then merged with Dave.
  const host = browserPid(path.join(dir, 'alice.wav'));
  const twoParty = await cpuOver(host, 10_000);
  await dial(d, 'alice');
  await a.getByRole('button', { name: 'Answer and hold', exact: true }).click();
  await waitForText(d, 'In call');
  await a
    .getByRole('list', { name: 'Other calls' })
    .getByRole('button', { name: 'Merge calls', exact: true })
    .click();
  await waitForText(a, 'In a three-way call');
  const threeWay = await cpuOver(host, 10_000);
  console.log(
    `Host browser CPU: two-party call ${twoParty.toFixed(1)} % of a core, three-way call ${threeWay.toFixed(1)} % (+${(threeWay - twoParty).toFixed(1)} points)`,
  );
  await a.getByRole('button', { name: 'Hang up', exact: true }).click();
  await waitForText(b, 'alice hung up.');
  for (const p of [a, b, d]) await p.getByRole('button', { name: 'Close', exact: true }).click();

  // Blind transfer to Dave, who auto-answers.
  await d.evaluate(() => localStorage.setItem('parley.settings', JSON.stringify({ autoAnswer: true })));
  const transfer: number[] = [];
  for (let i = 0; i < Math.min(rounds, 5); i++) {
    await callAndAnswer(a, b, 'bob');
    await a.getByRole('button', { name: 'Transfer', exact: true }).click();
    await a.getByRole('textbox', { name: 'Transfer to' }).fill('dave');
    transfer.push(
      await timed(
        a,
        () => a.getByRole('button', { name: 'Transfer now', exact: true }).click(),
        () => waitForText(a, 'You transferred the call.'),
      ),
    );
    await d.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'dave hung up.');
    for (const p of [a, b, d]) await p.getByRole('button', { name: 'Close', exact: true }).click();
  }
  console.log(`Blind transfer (Transfer now → "You transferred the call."): ${fmt(transfer)}`);
} finally {
  for (const browser of browsers) await browser.close();
  await service.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
