/**
 * Plain SIP over UDP against the real Parley service (SQLite accounts, HA1s from the store), driven by
 * sipp (Debian `sip-tester`): REGISTER with digest per second, and calls per second through the proxy
 * (INVITE/407/INVITE/180/200/ACK/BYE, sipp uac → Parley → sipp uas), with the service's CPU time per
 * operation (process.cpuUsage of this process, which runs the service; sipp runs in its own processes).
 * The same loads against Kamailio side by side, in one run: bench/sip-udp-vs-kamailio.ts.
 *
 *   npx tsx bench/sip-udp-parley.ts [registers=3000] [calls=300] [rate=600]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../common/logger.js';
import { startService } from '../server/src/service.js';
import { freeUdpPort, runSipp, startSipp } from '../tests/support/peers/sipp.js';

const [registers = 3000, calls = 300, rate = 600] = process.argv.slice(2).map(Number);

async function measure<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number; cpuMicros: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { result, seconds, cpuMicros: used.user + used.system };
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-bench-udp-'));
  const service = await startService(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      domain: 'bench.test',
      iceServers: [],
      noAnswerTimeoutMs: 30_000,
      logLevel: 'silent',
      sipUdp: { host: '127.0.0.1', port: 0 },
      // One load generator on one address: per-source limits would ban it.
      sipLimits: { sourceLimits: false },
    },
    silentLogger,
  );
  try {
    const users: { username: string; password: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const username = `udp${i}`;
      const password = `udp-password-${i}`;
      await service.accounts.signUp({ username, password });
      users.push({ username, password });
    }
    const port = service.sip.listeners[0]!.port;
    const common = { remotePort: port, domain: 'bench.test' };
    const many = Array.from({ length: registers }, (_, i) => users[i % users.length]!);

    const reg = await measure(() =>
      runSipp({
        ...common,
        scenario: 'register.xml',
        users: many,
        calls: registers,
        rate,
        extraArgs: ['-l', '200'],
      }),
    );
    const regOk = reg.result.successful;
    console.log(
      `REGISTER with digest over UDP: ${(regOk / reg.seconds).toFixed(0)}/s offered at ${rate}/s ` +
        `(${regOk}/${registers} ok in ${reg.seconds.toFixed(1)} s), service CPU ${(reg.cpuMicros / Math.max(1, regOk)).toFixed(0)} µs per REGISTER (401 + 200)`,
    );

    const calleePort = await freeUdpPort();
    await runSipp({ ...common, scenario: 'register.xml', users: [users[1]!], localPort: calleePort });
    const callee = await startSipp({ ...common, scenario: 'uas.xml', localPort: calleePort, calls });
    const callRate = Math.min(rate, 100);
    const call = await measure(() =>
      runSipp({
        ...common,
        scenario: 'uac.xml',
        users: Array.from({ length: calls }, () => users[0]!),
        service: users[1]!.username,
        calls,
        rate: callRate,
        extraArgs: ['-l', '400'],
      }),
    );
    await callee.stop();
    const callOk = call.result.successful;
    console.log(
      `calls through the proxy over UDP: ${(callOk / call.seconds).toFixed(0)}/s offered at ${callRate}/s ` +
        `(${callOk}/${calls} ok in ${call.seconds.toFixed(1)} s, each with a 1.2 s hold), ` +
        `service CPU ${(call.cpuMicros / Math.max(1, callOk)).toFixed(0)} µs per call (INVITE×2, ACK×2, BYE)`,
    );
    console.log(
      JSON.stringify({
        bench: 'sip-udp-parley',
        registerPerSecond: regOk / reg.seconds,
        cpuMicrosPerRegister: reg.cpuMicros / Math.max(1, regOk),
        callsPerSecond: callOk / call.seconds,
        cpuMicrosPerCall: call.cpuMicros / Math.max(1, callOk),
      }),
    );
  } finally {
    await service.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

await main();
