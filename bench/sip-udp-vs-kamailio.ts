/**
 * Plain SIP over UDP, Parley vs Kamailio 5.6 on the same machine in the same run (issue 10), driven by
 * sipp (Debian `sip-tester`) with the same scenarios and the same accounts:
 *   - REGISTER with MD5 digest (REGISTER/401/REGISTER/200) per second;
 *   - calls per second between registered UDP users (sipp uac → server → sipp uas:
 *     INVITE/407/ACK/INVITE/180/200/ACK, 1.2 s hold, BYE/200 along the Record-Route).
 * The Parley service runs in this process (SQLite accounts); Kamailio (deploy/kamailio/run.sh --udp-port)
 * reads the subscriber rows the service wrote into the same parley.db. Server CPU per operation is
 * utime+stime from /proc/PID/stat: this process for Parley (the driver only awaits sipp), every process
 * of Kamailio's process group for Kamailio. RSS: this process; the sum over Kamailio's processes (which
 * counts the shared memory each of them touched once per process). This process also reads sipp's
 * screens (a few KiB/s), charged to Parley. Both servers get the same unmeasured warm-up first.
 *
 *   npx tsx bench/sip-udp-vs-kamailio.ts [registers=3000] [calls=300] [rate=600] [callRate=100]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../common/logger.js';
import { startService } from '../server/src/service.js';
import { startKamailio } from '../tests/support/kamailio/start-kamailio.js';
import { freeUdpPort, runSipp, startSipp, type SippUser } from '../tests/support/peers/sipp.js';

const [registers = 3000, calls = 300, rate = 600, callRate = 100] = process.argv.slice(2).map(Number);
const DOMAIN = 'bench.test';
const TICK_MICROS = 1e6 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const PAGE = Number(execFileSync('getconf', ['PAGESIZE']).toString().trim());

/** One server under load: where it listens and which processes are it. */
interface Target {
  readonly name: string;
  readonly port: number;
  readonly pids: () => number[];
}

/** /proc/PID/stat fields after the command name: [0] = state (field 3), pgrp = 5, utime = 14, stime = 15, rss = 24. */
function stat(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
const field = (fields: string[], n: number): number => Number(fields[n - 3]);

function cpuMicros(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const f = stat(pid);
    if (f) ticks += field(f, 14) + field(f, 15);
  }
  return ticks * TICK_MICROS;
}
function rssMiB(pids: number[]): number {
  let pages = 0;
  for (const pid of pids) {
    const f = stat(pid);
    if (f) pages += field(f, 24);
  }
  return (pages * PAGE) / 2 ** 20;
}
/** Every process whose process group is `leader` (run.sh starts Kamailio with setsid). */
function processGroup(leader: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      const f = stat(pid);
      return f !== undefined && field(f, 5) === leader;
    });
}

interface Measured {
  readonly ok: number;
  readonly failed: number;
  readonly perSecond: number;
  readonly cpuMicrosPerOp: number;
}

async function measure(
  target: Target,
  run: () => Promise<{ successful: number; failed: number }>,
): Promise<Measured> {
  const pids = target.pids();
  const cpu = cpuMicros(pids);
  const started = process.hrtime.bigint();
  const result = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = cpuMicros(pids) - cpu;
  const ok = result.successful;
  return { ok, failed: result.failed, perSecond: ok / seconds, cpuMicrosPerOp: used / Math.max(1, ok) };
}

async function load(
  target: Target,
  users: SippUser[],
): Promise<{ register: Measured; call: Measured; rssMiB: number }> {
  const common = { remotePort: target.port, domain: DOMAIN };
  const sippArgs = ['-buff_size', '4194304'];
  // Warm-up (not measured): Parley's JIT, Kamailio's worker caches.
  await runSipp({
    ...common,
    scenario: 'register.xml',
    users,
    calls: users.length * 5,
    rate,
    extraArgs: sippArgs,
  });
  const register = await measure(target, () =>
    runSipp({
      ...common,
      scenario: 'register.xml',
      users: Array.from({ length: registers }, (_, i) => users[i % users.length]!),
      calls: registers,
      rate,
      extraArgs: ['-l', '200', ...sippArgs],
    }),
  );
  const calleePort = await freeUdpPort();
  const calleeRegistered = await runSipp({
    ...common,
    scenario: 'register.xml',
    users: [users[1]!],
    localPort: calleePort,
  });
  if (calleeRegistered.code !== 0)
    throw new Error(`${target.name}: callee did not register\n${calleeRegistered.output}`);
  const callee = await startSipp({
    ...common,
    scenario: 'uas.xml',
    localPort: calleePort,
    calls,
    extraArgs: sippArgs,
  });
  const call = await measure(target, () =>
    runSipp({
      ...common,
      scenario: 'uac.xml',
      users: Array.from({ length: calls }, () => users[0]!),
      service: users[1]!.username,
      calls,
      rate: callRate,
      extraArgs: ['-l', '400', ...sippArgs],
    }),
  );
  await callee.stop();
  return { register, call, rssMiB: rssMiB(target.pids()) };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-udp-kam-'));
  const service = await startService(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      domain: DOMAIN,
      iceServers: [],
      noAnswerTimeoutMs: 30_000,
      logLevel: 'silent',
      sipUdp: { host: '127.0.0.1', port: 0 },
    },
    silentLogger,
  );
  const users: SippUser[] = [];
  for (let i = 0; i < 20; i++) {
    const user = { username: `udp${i}`, password: `udp-password-${i}` };
    await service.accounts.signUp(user);
    users.push(user);
  }
  const kamailioUdpPort = await freeUdpPort();
  const kamailio = await startKamailio({
    dbPath: path.join(dataDir, 'parley.db'),
    domain: DOMAIN,
    udpPort: kamailioUdpPort,
    udpWorkers: 2,
    workers: 1,
    // pike's maximum (16 bits): a bench source must never be banned mid-run.
    pikeDensity: 65_535,
  });
  try {
    const parley: Target = {
      name: 'Parley',
      port: service.sip.listeners[0]!.port,
      pids: () => [process.pid],
    };
    const kamailioTarget: Target = {
      name: 'Kamailio 5.6',
      port: kamailioUdpPort,
      pids: () => processGroup(kamailio.pid),
    };
    const results = [];
    for (const target of [parley, kamailioTarget]) results.push({ target, ...(await load(target, users)) });
    console.log(
      `${registers} REGISTERs offered at ${rate}/s, ${calls} calls at ${callRate}/s (1.2 s hold), sipp over UDP on loopback, ${os.cpus().length} cores shared`,
    );
    for (const r of results) {
      const { register: g, call: c } = r;
      console.log(
        `${r.target.name.padEnd(13)} REGISTER ${g.perSecond.toFixed(0)}/s (${g.ok} ok, ${g.failed} failed), ${g.cpuMicrosPerOp.toFixed(0)} µs CPU each | ` +
          `calls ${c.perSecond.toFixed(1)}/s (${c.ok} ok, ${c.failed} failed), ${c.cpuMicrosPerOp.toFixed(0)} µs CPU each | RSS ${r.rssMiB.toFixed(0)} MiB`,
      );
    }
    console.log(
      JSON.stringify({
        bench: 'sip-udp-vs-kamailio',
        registers,
        calls,
        rate,
        callRate,
        results: results.map((r) => ({
          server: r.target.name,
          register: r.register,
          call: r.call,
          rssMiB: r.rssMiB,
        })),
      }),
    );
  } finally {
    await kamailio.stop();
    await service.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
