/**
 * Kamailio vs the Parley service as registrar/proxy, same clients, same run, same accounts
 * (issue 5, "Numbers for the closing note"):
 * - REGISTER/s: C SIP.js clients over WebSocket, each sending R re-REGISTERs back to back; each one is
 *   a full digest exchange (REGISTER → 401 → REGISTER with Authorization → 200), as SIP.js does.
 * - call set-up: caller `invite()` → INVITE at the callee (which answers 180 then 200 at once) →
 *   180 at the caller → 200 at the caller. Stub SDP, no ICE: this is the proxy's share only.
 *
 * Each target is measured twice, interleaved (Parley, Kamailio, Kamailio, Parley): on a shared machine
 * the spread between the two passes shows how much of a difference is noise.
 *
 * The Parley service runs in its own process (`server/src/main.ts`), like Kamailio, so the clients in
 * this process do not share an event loop with the server under test.
 *
 *   npx tsx bench/kamailio-vs-parley.ts [clients=20] [rounds=20] [calls=40]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startKamailio } from '../tests/support/kamailio/start-kamailio.js';
import { SipClient, SessionState, sessionReaches } from '../tests/support/kamailio/sip-client.js';

const clients = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 20);
const calls = Number(process.argv[4] ?? 40);
const domain = 'bench.parley.test';
const repo = fileURLToPath(new URL('..', import.meta.url));

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function startServiceProcess(
  dataDir: string,
): Promise<{ baseUrl: string; sipUrl: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'server/src/main.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_DOMAIN: domain,
      PARLEY_LOG_LEVEL: 'error',
      // One load generator on one address: per-source limits would ban it.
      PARLEY_SIP_SOURCE_LIMITS: 'off',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/api/config`);
      if (res.ok) {
        const config = (await res.json()) as { sipUrl: string };
        return { baseUrl, sipUrl: config.sipUrl, child };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('service did not start');
}

async function signUp(baseUrl: string, username: string, password: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-up ${username}: ${res.status} ${await res.text()}`);
}

const password = (username: string): string => `pw-${username}-bench`;

function client(sipUrl: string, username: string): SipClient {
  return new SipClient({ sipUrl, domain, username, password: password(username) });
}

/** REGISTERs per second, and this (client) process's CPU use meanwhile, in % of one core. */
async function registerRate(
  sipUrl: string,
  usernames: readonly string[],
): Promise<{ perSecond: number; clientCpu: number }> {
  const all = usernames.map((u) => client(sipUrl, u));
  // Connect and register once (not measured), then measure refreshes.
  const first = await Promise.all(all.map((c) => c.register()));
  if (first.some((code) => code !== 200)) throw new Error(`initial REGISTER: ${first.join(',')}`);
  const start = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    all.map(async (c) => {
      for (let i = 0; i < rounds; i++) await c.reregister();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  await Promise.all(all.map((c) => c.stop()));
  return { perSecond: (all.length * rounds) / seconds, clientCpu: (used.user + used.system) / 1e4 / seconds };
}

interface SetupTimes {
  atCallee: number[];
  ringing: number[];
  answered: number[];
}

async function callSetup(sipUrl: string, callerName: string, calleeName: string): Promise<SetupTimes> {
  const caller = client(sipUrl, callerName);
  const callee = client(sipUrl, calleeName);
  if ((await caller.register()) !== 200 || (await callee.register()) !== 200)
    throw new Error('REGISTER failed');
  const times: SetupTimes = { atCallee: [], ringing: [], answered: [] };
  for (let i = 0; i < calls + 3; i++) {
    const incoming = callee.nextInvite();
    const t0 = performance.now();
    const call = caller.call(calleeName);
    const invitation = await incoming;
    const tCallee = performance.now();
    await invitation.progress();
    const ringing = call.ringing.then(() => performance.now());
    await invitation.accept();
    const code = await call.final;
    const tAnswered = performance.now();
    if (code !== 200) throw new Error(`call ${i}: ${code}`);
    const tRinging = await ringing;
    await sessionReaches(call.inviter, SessionState.Established);
    const ended = sessionReaches(invitation, SessionState.Terminated);
    await call.inviter.bye();
    await ended;
    if (i < 3) continue; // warm-up
    times.atCallee.push(tCallee - t0);
    times.ringing.push(tRinging - t0);
    times.answered.push(tAnswered - t0);
  }
  await caller.stop();
  await callee.stop();
  return times;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const ms = (values: readonly number[]): string =>
  `median ${quantile(values, 0.5).toFixed(1)} ms, p95 ${quantile(values, 0.95).toFixed(1)} ms`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
const service = await startServiceProcess(dataDir);
const usernames = Array.from({ length: clients }, (_, i) => `bench${i}`);
for (const u of [...usernames, 'caller', 'callee']) await signUp(service.baseUrl, u, password(u));
const kamailio = await startKamailio({
  dbPath: path.join(dataDir, 'parley.db'),
  domain,
  // pike's maximum (16 bits): a bench source must never be banned mid-run.
  pikeDensity: 65_535,
  workers: 4,
});

const targets = [
  { name: 'Parley service', sipUrl: service.sipUrl },
  { name: 'Kamailio 5.6', sipUrl: kamailio.sipUrl },
];
console.log(
  `${os.cpus().length} cores; ${clients} clients × ${rounds} re-REGISTERs; ${calls} calls (after 3 warm-up)`,
);
console.log(
  `load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const results: Record<string, { registersPerSecond: number; clientCpu: number; setup: SetupTimes }> = {};
try {
  // Two interleaved passes (A B, then B A), so neither target always runs first or on a warmer machine.
  const order = [...targets, ...[...targets].reverse()];
  for (const [index, target] of order.entries()) {
    const pass = index < targets.length ? 1 : 2;
    const { perSecond, clientCpu } = await registerRate(target.sipUrl, usernames);
    const setup = await callSetup(target.sipUrl, 'caller', 'callee');
    results[`${target.name}, pass ${pass}`] = { registersPerSecond: perSecond, clientCpu, setup };
    console.log(`\n${target.name}, pass ${pass} (${target.sipUrl})`);
    console.log(
      `  REGISTER with digest: ${perSecond.toFixed(0)} /s (bench client process at ${clientCpu.toFixed(0)} % of a core)`,
    );
    console.log(`  invite() → INVITE at callee: ${ms(setup.atCallee)}`);
    console.log(`  invite() → 180 at caller:    ${ms(setup.ringing)}`);
    console.log(`  invite() → 200 at caller:    ${ms(setup.answered)}`);
  }
  fs.mkdirSync(path.join(repo, 'bench/results'), { recursive: true });
  fs.writeFileSync(
    path.join(repo, 'bench/results/kamailio-vs-parley.json'),
    JSON.stringify({ clients, rounds, calls, cores: os.cpus().length, results }, null, 2),
  );
} finally {
  await kamailio.stop();
  service.child.kill('SIGTERM');
  await new Promise((resolve) => service.child.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
