/**
 * The two servers under load, each in its own process(es), on loopback, on ports chosen now:
 * - the Parley service (`server/src/main.ts`, WebSocket + UDP, SQLite in a temporary folder), which also
 *   creates the accounts (HTTP sign-up) and so the `subscriber` rows Kamailio reads;
 * - Kamailio from `deploy/kamailio/run.sh` on that same `parley.db`, WebSocket + UDP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startKamailio,
  freePort,
  type RunningKamailio,
} from '../../tests/support/kamailio/start-kamailio.js';
import { processGroup } from './proc-stat.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface Target {
  readonly name: string;
  /** `ws://...` */
  readonly wsUrl: string;
  /** `host:port` */
  readonly udpAddress: string;
  /** The processes whose CPU and memory are the server's. */
  pids(): number[];
  stop(): Promise<void>;
}

export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * Starts `server/src/main.ts` of the checkout at `root` (this one by default; another for a before/after
 * comparison in the same run) with extra node flags (e.g. `--cpu-prof`) from `nodeArgs`.
 */
export async function startParley(
  dataDir: string,
  domain: string,
  nodeArgs: readonly string[],
  root = repo,
  name = 'Parley',
): Promise<Target & { baseUrl: string }> {
  const port = await freePort();
  const udpPort = await freeUdpPort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', path.join(root, 'server/src/main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PARLEY_DATA_DIR: dataDir,
        PARLEY_DOMAIN: domain,
        PARLEY_LOG_LEVEL: 'error',
        PARLEY_SIP_UDP: `127.0.0.1:${udpPort}`,
        PARLEY_SIP_TCP: 'off',
        PARLEY_RTPENGINE: 'off',
        PARLEY_VOICEMAIL: 'off',
        PARLEY_ECHO: 'off',
        // One load generator on one address: per-source limits would ban it.
        PARLEY_SIP_SOURCE_LIMITS: 'off',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  let wsUrl = '';
  // Generous: on a loaded machine compiling the service with tsx alone can take tens of seconds.
  const deadline = Date.now() + 120_000;
  while (wsUrl === '' && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Parley service exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/api/config`);
      if (res.ok) wsUrl = ((await res.json()) as { sipUrl: string }).sipUrl;
    } catch {
      // not listening yet
    }
    if (wsUrl === '') await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (wsUrl === '') {
    child.kill('SIGKILL');
    throw new Error('Parley service did not start within 120 s');
  }
  const pid = child.pid!;
  return {
    name,
    wsUrl,
    udpAddress: `127.0.0.1:${udpPort}`,
    baseUrl,
    pids: () => (child.exitCode === null ? [pid] : []),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Creates `count` accounts `load0..` through the HTTP API (a few at a time: password hashing is slow). */
export async function signUpUsers(
  baseUrl: string,
  count: number,
): Promise<{ name: string; password: string }[]> {
  const users = Array.from({ length: count }, (_, i) => ({
    name: `load${i}`,
    password: `pw-load${i}-bench`,
  }));
  for (let i = 0; i < users.length; i += 8) {
    await Promise.all(
      users.slice(i, i + 8).map(async (u) => {
        const res = await fetch(`${baseUrl}/api/accounts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: u.name, password: u.password }),
        });
        if (!res.ok) throw new Error(`sign-up ${u.name}: ${res.status} ${await res.text()}`);
      }),
    );
  }
  return users;
}

/** Kamailio (deploy/kamailio) on Parley's SQLite file, with a UDP listener. */
export async function startKamailioTarget(
  dbPath: string,
  domain: string,
  workers: number,
): Promise<Target & { kamailio: RunningKamailio }> {
  const udpPort = await freeUdpPort();
  const kamailio = await startKamailio({
    dbPath,
    domain,
    // pike's maximum (16 bits): the generator must never be banned mid-run.
    pikeDensity: 65_535,
    workers,
    udpPort,
    udpWorkers: workers,
  });
  return {
    name: 'Kamailio',
    wsUrl: kamailio.sipUrl,
    udpAddress: `127.0.0.1:${udpPort}`,
    kamailio,
    pids: () => processGroup(kamailio.pid),
    stop: () => kamailio.stop(),
  };
}
