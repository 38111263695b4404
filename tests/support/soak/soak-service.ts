/**
 * The Parley service in its own process for soak and memory runs (tests/support/store/service-child.ts
 * with `--expose-gc`), its accounts written straight into a fresh data folder beforehand (thousands of
 * sign-ups over HTTP would spend minutes in scrypt), and its introspection line (server/src/introspection.ts)
 * read after a SIGUSR2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ha1bMd5, ha1Md5, ha1Sha256 } from '../../../server/src/accounts/digest-ha1.js';
import { hashPassword } from '../../../server/src/accounts/password-hash.js';
import type { IntrospectionSnapshot } from '../../../server/src/introspection.js';
import { openStore } from '../../../server/src/store/open-store.js';
import { startChildService, type ChildService } from '../store/child-service.js';

export const soakPassword = (username: string): string => `pw-${username}-soak`;

export interface SoakService {
  readonly url: string;
  readonly sipUrl: string;
  readonly domain: string;
  readonly pid: number;
  /** The SIP UDP listener's port (with `udp`). */
  readonly udpPort?: number;
  /** Sends SIGUSR2 and resolves with the line the service printed. */
  introspect(): Promise<IntrospectionSnapshot>;
  stop(): Promise<void>;
}

export interface SoakServiceOptions {
  readonly usernames: readonly string[];
  readonly domain?: string;
  /** Shortens the SIP timers (RFC 3261 §17 T1; T2 = 8·T1, T4 = 10·T1) so transactions end in seconds. */
  readonly t1Ms?: number;
  /** More environment for the service (e.g. `PARLEY_LOG_LEVEL`). */
  readonly env?: Record<string, string>;
  /** More node flags (e.g. `--heapsnapshot-signal=SIGUSR1` to look at what holds the memory). */
  readonly nodeArgs?: readonly string[];
  /** Also listen for SIP over UDP on 127.0.0.1 (port chosen at run time). */
  readonly udp?: boolean;
}

/** Writes the accounts (one scrypt hash shared by all: only the digest HA1 values matter to SIP). */
export async function seedAccounts(
  dataDir: string,
  domain: string,
  usernames: readonly string[],
): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    const hash = await hashPassword('not-used-by-sip');
    const createdAt = Date.now();
    for (let i = 0; i < usernames.length; i += 500) {
      await Promise.all(
        usernames.slice(i, i + 500).map((username) => {
          const password = soakPassword(username);
          const md5 = ha1Md5(username, domain, password);
          return store.accounts.create(
            {
              username,
              displayName: username,
              email: '',
              passwordHash: hash.hash,
              passwordSalt: hash.salt,
              passwordParams: hash.params,
              realm: domain,
              ha1Md5: md5,
              ha1Sha256: ha1Sha256(username, domain, password),
              createdAt,
            },
            { username, domain, ha1: md5, ha1b: ha1bMd5(username, domain, password) },
          );
        }),
      );
    }
  } finally {
    await store.close();
  }
}

export async function startSoakService(o: SoakServiceOptions): Promise<SoakService> {
  const domain = o.domain ?? 'soak.test';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-soak-'));
  let service: ChildService | undefined;
  try {
    await seedAccounts(dataDir, domain, o.usernames);
    service = await startChildService(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        PARLEY_DATA_DIR: dataDir,
        PARLEY_DOMAIN: domain,
        PARLEY_LOG_LEVEL: 'error',
        // One load generator on one address: per-source limits would ban it.
        PARLEY_SIP_SOURCE_LIMITS: 'off',
        PARLEY_SIP_UDP: o.udp ? '127.0.0.1:0' : 'off',
        PARLEY_SIP_TCP: 'off',
        ...(o.t1Ms ? { PARLEY_TEST_SIP_T1_MS: String(o.t1Ms) } : {}),
        ...o.env,
      },
      { nodeArgs: ['--expose-gc', ...(o.nodeArgs ?? [])], ipc: true },
    );
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const svc = service;
  const stats = await svc.ask({ type: 'stats', usernames: [] });
  const udpPort =
    stats.type === 'stats' ? stats.listeners.find((l) => l.protocol === 'udp')?.port : undefined;
  const waiters: Array<(s: IntrospectionSnapshot) => void> = [];
  let partial = '';
  svc.child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"tnx":"introspect"')) continue;
      waiters.shift()?.(JSON.parse(line) as IntrospectionSnapshot);
    }
  });
  return {
    url: svc.url,
    sipUrl: svc.sipUrl,
    domain,
    pid: svc.child.pid ?? 0,
    ...(udpPort !== undefined ? { udpPort } : {}),
    introspect() {
      return new Promise((resolve, reject) => {
        if (svc.child.exitCode !== null) return reject(new Error('the service has exited'));
        waiters.push(resolve);
        svc.child.kill('SIGUSR2');
      });
    },
    async stop() {
      await svc.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
