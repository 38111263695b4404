/**
 * The store on both backends, same run (issue 9):
 * - messages stored and delivered per second: the messaging room (MessagingService: durable accept,
 *   delivery pump under the recipient's lease, delivered receipts) over each store, devices answering
 *   at once, 16 senders in parallel;
 * - sign-ups per second: the account service (scrypt password hash + account + subscriber row in one
 *   transaction), 4 in parallel, and the bare store insert without scrypt;
 * - migration time of a first-release ./data folder holding 100,000 messages (parley.db + voicemail.db,
 *   written by that release's own modules, tests/support/legacy-v1).
 *
 * `npx tsx bench/store-throughput.ts [messages] [signups] [legacyMessages]` (defaults 10000 200 100000).
 * PostgreSQL is a throw-away cluster from tests/support/postgres (fsync off, as in the tests: this
 * measures Parley's path and the round trips, not the disk).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../common/logger.js';
import { createAccountService } from '../server/src/accounts/account-service.js';
import { MessagingService } from '../server/src/messaging/messaging-service.js';
import { openStore } from '../server/src/store/open-store.js';
import type { Store } from '../server/src/store/store.js';
import { buildLegacyData } from '../tests/support/legacy-v1/build-legacy-data.js';
import { startPostgres } from '../tests/support/postgres/start-postgres.js';

const MESSAGES = Number(process.argv[2] ?? 10_000);
const SIGNUPS = Number(process.argv[3] ?? 200);
const LEGACY_MESSAGES = Number(process.argv[4] ?? 100_000);
const SENDERS = 16;
const RECIPIENTS = 50;

/** Runs `count` jobs with at most `parallel` at once. */
async function pool(count: number, parallel: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

async function messagingRate(store: Store): Promise<Record<string, number>> {
  let delivered = 0;
  const room = new MessagingService({
    store: store.messages,
    domain: 'bench.test',
    userExists: async () => true,
    logger: silentLogger,
    rateLimit: { burst: 1e9, perSecond: 1e9 },
    sendToDevices: async (_user, message) => {
      if (message.contentType.startsWith('text/plain')) delivered++;
      return 'delivered';
    },
  });
  const t0 = performance.now();
  await pool(MESSAGES, SENDERS, async (i) => {
    const result = await room.accept(
      `s${i % SENDERS}`,
      `r${i % RECIPIENTS}`,
      `id-${i}`,
      `message number ${i}`,
    );
    if (result.status !== 202) throw new Error(`accept ${i}: ${result.status}`);
  });
  const accepted = performance.now();
  // Passes started by accept are still running: wait for every recipient's queue to drain.
  for (;;) {
    for (let r = 0; r < RECIPIENTS; r++) await room.deliver(`r${r}`);
    let pending = 0;
    for (let r = 0; r < RECIPIENTS; r++) pending += (await room.pendingFor(`r${r}`)).length;
    if (pending === 0) break;
  }
  const done = performance.now();
  await room.close();
  if (delivered < MESSAGES) throw new Error(`only ${delivered} of ${MESSAGES} delivered`);
  return {
    storedPerSec: Math.round(MESSAGES / ((accepted - t0) / 1000)),
    storedAndDeliveredPerSec: Math.round(MESSAGES / ((done - t0) / 1000)),
    deliveries: delivered,
  };
}

async function signUpRate(store: Store): Promise<Record<string, number>> {
  const accounts = createAccountService({ store, domain: 'bench.test' });
  const t0 = performance.now();
  await pool(SIGNUPS, 4, async (i) => {
    await accounts.signUp({ username: `user${i}`, password: `password-${i}` });
  });
  const t1 = performance.now();
  const bare = SIGNUPS * 10;
  await pool(bare, 8, async (i) => {
    const username = `bare${i}`;
    await store.accounts.create(
      {
        username,
        displayName: username,
        email: '',
        passwordHash: 'h',
        passwordSalt: 's',
        passwordParams: '{}',
        realm: 'bench.test',
        ha1Md5: 'm',
        ha1Sha256: 's',
        createdAt: Date.now(),
      },
      { username, domain: 'bench.test', ha1: 'm', ha1b: 'b' },
    );
  });
  const t2 = performance.now();
  return {
    signUpsPerSec: Math.round(SIGNUPS / ((t1 - t0) / 1000)),
    bareAccountInsertsPerSec: Math.round(bare / ((t2 - t1) / 1000)),
  };
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-store-'));
const pg = await startPostgres();
try {
  const results: Record<string, Record<string, number>> = {};
  for (const backend of ['sqlite', 'postgres'] as const) {
    const where =
      backend === 'sqlite'
        ? { dataDir: path.join(root, 'sqlite') }
        : { dataDir: path.join(root, 'pg'), databaseUrl: await pg.createDatabase() };
    const store = await openStore(where);
    results[backend] = { ...(await messagingRate(store)), ...(await signUpRate(store)) };
    await store.close();
  }

  const legacyDir = path.join(root, 'legacy');
  const b0 = performance.now();
  await buildLegacyData(legacyDir, { users: 200, messages: LEGACY_MESSAGES, voicemails: 20 });
  const built = performance.now();
  const migrated = await openStore({ dataDir: legacyDir });
  const m1 = performance.now();
  const count = (await migrated.messages.page('alice', 'bob', Number.MAX_SAFE_INTEGER, 1)).messages.length;
  await migrated.close();
  const bytes = fs.statSync(path.join(legacyDir, 'parley.db')).size;

  console.log(
    JSON.stringify(
      {
        messages: MESSAGES,
        senders: SENDERS,
        recipients: RECIPIENTS,
        signUps: SIGNUPS,
        ...results,
        legacyMigration: {
          messages: LEGACY_MESSAGES,
          parleyDbMiB: +(bytes / 2 ** 20).toFixed(1),
          buildSeconds: +((built - b0) / 1000).toFixed(2),
          migrateSeconds: +((m1 - built) / 1000).toFixed(3),
          readable: count === 1,
        },
      },
      null,
      2,
    ),
  );
} finally {
  await pg.stop();
  fs.rmSync(root, { recursive: true, force: true });
}
