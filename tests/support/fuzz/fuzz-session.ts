/**
 * Fuzzes a real Parley service: started as its own process (tests/support/store/service-child.ts) on a
 * fresh data folder with SIP over WebSocket, UDP and TCP on 127.0.0.1 ports chosen at run time and
 * short SIP timers (T1 = 50 ms, so transactions end within seconds); users signed up over HTTP; then
 * `runFuzz`, a settle period, and the service's memory (heap after a GC, RSS) and SIP tables
 * (transactions, proxy contexts, dialogs, bindings) compared with their values before the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SipTableSizes } from '../../../server/src/sip/sip-service-contract.js';
import { startChildService, type ChildService } from '../store/child-service.js';
import type { ChildReply } from '../store/child-ipc.js';
import { runFuzz, type FuzzResult } from './fuzz-run.js';
import type { FuzzTarget, FuzzTransport } from './fuzz-lane.js';

const DOMAIN = 'fuzz.test';
const T1_MS = 50;
const USERS = ['alice', 'bob', 'carol'];
const PROBE = 'probe';
const NONCE_CAP = 1000;
/** Mutants before the baseline: code paths compiled, caches and the nonce table filled. */
const WARM_UP = 3000;

export interface Snapshot {
  readonly heapUsed: number;
  readonly rss: number;
  readonly tables: SipTableSizes;
}

export interface FuzzSessionResult {
  readonly run: FuzzResult;
  readonly before: Snapshot;
  readonly after: Snapshot;
  /** Seconds until the tables were back to their start (or the settle limit). */
  readonly settleSeconds: number;
}

export async function fuzzRealService(o: {
  messages: number;
  seed: number;
  transports?: readonly FuzzTransport[];
  log?: (line: string) => void;
}): Promise<FuzzSessionResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-fuzz-'));
  let service: ChildService | undefined;
  try {
    service = await startChildService(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        PARLEY_DATA_DIR: dataDir,
        PARLEY_DOMAIN: DOMAIN,
        // PARLEY_TEST_LOG=info shows the service's log on stderr.
        PARLEY_LOG_LEVEL: process.env['PARLEY_TEST_LOG'] ?? 'error',
        PARLEY_SIP_UDP: '127.0.0.1:0',
        PARLEY_SIP_TCP: '127.0.0.1:0',
        PARLEY_TEST_SIP_T1_MS: String(T1_MS),
        // One address sends every mutant: with per-source limits on it would be banned within a second
        // and the run would test the ban, not the parser (tests/integration/security/flood.test.ts does).
        PARLEY_SIP_SOURCE_LIMITS: 'off',
        // Every 401/407 the fuzzer draws remembers a fresh digest nonce for 5 minutes, up to the cap
        // (50,000 by default: ~11 MB of heap, bounded by design). A small cap, filled by the warm-up, makes
        // "the heap is flat after the run" measure the rest of the service instead of that table.
        PARLEY_SIP_MAX_NONCES: String(NONCE_CAP),
      },
      { ipc: true, nodeArgs: ['--expose-gc'] },
    );
    const svc = service;
    if (process.env['PARLEY_TEST_LOG']) svc.child.stdout?.on('data', (d: Buffer) => process.stderr.write(d));
    for (const u of [...USERS, PROBE]) await signUp(svc.url, u);
    const snapshot = async (): Promise<Snapshot> => {
      const r = (await svc.ask({ type: 'stats', usernames: [...USERS, PROBE] })) as Extract<
        ChildReply,
        { type: 'stats' }
      >;
      if (!r.tables) throw new Error('the service has no table sizes');
      return { heapUsed: r.heapUsed, rss: r.rss, tables: r.tables };
    };
    const target = await sipTarget(svc);
    // A short warm-up so code paths are compiled and caches filled before the baseline.
    await runFuzz({
      target,
      domain: DOMAIN,
      users: USERS,
      probe: { username: PROBE, password: pw(PROBE) },
      messages: WARM_UP,
      seed: o.seed ^ 0x5eed,
      ...(o.transports ? { transports: o.transports } : {}),
    });
    await settle(snapshot, undefined);
    const before = await snapshot();
    const run = await runFuzz({
      target,
      domain: DOMAIN,
      users: USERS,
      probe: { username: PROBE, password: pw(PROBE) },
      messages: o.messages,
      seed: o.seed,
      ...(o.transports ? { transports: o.transports } : {}),
      ...(o.log ? { log: o.log } : {}),
    });
    const t0 = performance.now();
    const after = await settle(snapshot, before.tables);
    return { run, before, after, settleSeconds: (performance.now() - t0) / 1000 };
  } finally {
    await service?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function sipTarget(svc: ChildService): Promise<FuzzTarget> {
  const r = await svc.ask({ type: 'stats', usernames: [] });
  const port = (protocol: string): number => {
    const l = r.type === 'stats' ? r.listeners.find((x) => x.protocol === protocol) : undefined;
    if (!l) throw new Error(`the service has no ${protocol} listener`);
    return l.port;
  };
  return { wsUrl: svc.sipUrl, udpPort: port('udp'), tcpPort: port('tcp') };
}

/** Polls until the tables equal `target` (or are empty of transactions when none is given). */
async function settle(
  snapshot: () => Promise<Snapshot>,
  target: SipTableSizes | undefined,
): Promise<Snapshot> {
  const limit = performance.now() + 64 * T1_MS * 2 + 10_000;
  for (;;) {
    const s = await snapshot();
    const t = s.tables;
    const done = target
      ? JSON.stringify(t) === JSON.stringify(target)
      : t.transactions.servers + t.transactions.clients + t.proxy.servers + t.proxy.branches === 0;
    if (done || performance.now() > limit) return s;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const pw = (u: string): string => `pw-${u}-fuzz-secret`;

async function signUp(baseUrl: string, username: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: pw(username) }),
  });
  if (res.status !== 201) throw new Error(`sign-up of ${username}: ${res.status} ${await res.text()}`);
}
