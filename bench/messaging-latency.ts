/**
 * Messaging numbers for issue 3, on loopback against the REAL service (`startTestService()`: digest
 * auth, the stateful proxy, store-and-forward in SQLite WAL synchronous=NORMAL, delivery to devices):
 * 1. latency sender→recipient: `client.send()` on one phone engine until the recipient's MessagingClient
 *    has it (407 → authenticated MESSAGE → stored → 202, pumped → 200 from the device), 1,000 messages
 *    one after another: median, p95;
 * 2. throughput: 8 senders × 250 messages to 8 recipients at once, rate limit off: messages/second
 *    end to end. All UAs share one Node process with the service, and SIP.js's parser dominates the
 *    CPU there, so this is a floor, not the service's capacity;
 * 3. the messaging room alone (no SIP): 20,000 × (durable accept + pump + delivered receipt).
 * `npx tsx bench/messaging-latency.ts` → prints JSON and writes bench/results/messaging-latency.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startMessagingPeer,
  type MessagingPeer,
} from '../tests/integration/messaging/support/messaging-peer.js';
import { startTestService } from '../tests/support/service/test-service.js';

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-msg-bench-'));
  const senders = [...Array(8).keys()].map((i) => `s${i}x`);
  const receivers = [...Array(8).keys()].map((i) => `r${i}x`);
  const server = await startTestService({
    domain: 'bench.test',
    serviceOptions: { messagingRateLimit: { burst: 1e9, perSecond: 1e9 } },
  });
  const tokens = new Map<string, string>();
  for (const user of ['alice', 'bob', ...senders, ...receivers]) {
    tokens.set(user, (await server.createAccount(user)).token);
  }
  const start = (user: string): Promise<MessagingPeer> =>
    startMessagingPeer({
      user,
      token: tokens.get(user)!,
      baseUrl: server.baseUrl,
      sipUrl: server.sipUrl,
      domain: server.domain,
    });

  // 1. Latency.
  const alice = await start('alice');
  const bob = await start('bob');
  const arrivals = new Map<string, number>();
  bob.client.onIncomingMessage((e) => arrivals.set(e.message.body, performance.now()));
  const latencies: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const body = `m${i}`;
    const t0 = performance.now();
    alice.client.send('bob', body);
    while (!arrivals.has(body)) await new Promise<void>((r) => setImmediate(r));
    latencies.push(arrivals.get(body)! - t0);
  }
  latencies.sort((a, b) => a - b);

  // 2. Throughput.
  const tx = await Promise.all(senders.map(start));
  const rx = await Promise.all(receivers.map(start));
  const PER = 250;
  let received = 0;
  const done = new Promise<void>((resolve) => {
    for (const r of rx) {
      r.client.onIncomingMessage(() => {
        if (++received === senders.length * PER) resolve();
      });
    }
  });
  const t0 = performance.now();
  tx.forEach((s, i) => {
    for (let k = 0; k < PER; k++) s.client.send(receivers[i]!, `t${k}`);
  });
  await done;
  const seconds = (performance.now() - t0) / 1000;

  // 3. The messaging room alone (no SIP parsing): accept (durable) + pump + receipt per message.
  const { MessagingService } = await import('../server/src/messaging/messaging-service.js');
  const { openStore } = await import('../server/src/store/open-store.js');
  const { silentLogger } = await import('../common/logger.js');
  const store = await openStore({ dataDir: path.join(dir, 'room') });
  const room = new MessagingService({
    store: store.messages,
    domain: 'bench.test',
    userExists: async () => true,
    logger: silentLogger,
    rateLimit: { burst: 1e9, perSecond: 1e9 },
    sendToDevices: async () => 'delivered',
  });
  const ROOM_N = 20_000;
  const r0 = performance.now();
  for (let i = 0; i < ROOM_N; i++) {
    await room.accept(`u${i % 100}`, `v${i % 100}`, `id${i}`, `message number ${i}`);
    if (i % 100 === 99) await new Promise<void>((r) => setImmediate(r));
  }
  for (let u = 0; u < 100; u++) await room.deliver(`v${u}`);
  const roomSeconds = (performance.now() - r0) / 1000;
  let undelivered = 0;
  for (let u = 0; u < 100; u++) undelivered += (await room.pendingFor(`v${u}`)).length;
  await room.close();
  await store.close();

  const result = {
    latencyMs: {
      n: latencies.length,
      median: +quantile(latencies, 0.5).toFixed(2),
      p95: +quantile(latencies, 0.95).toFixed(2),
    },
    throughput: {
      messages: received,
      seconds: +seconds.toFixed(2),
      perSecond: Math.round(received / seconds),
    },
    roomOnly: {
      messages: ROOM_N,
      undelivered,
      seconds: +roomSeconds.toFixed(2),
      perSecond: Math.round(ROOM_N / roomSeconds),
    },
    setup:
      'loopback, real service (digest auth, stateful proxy), phone engines (SIP.js 0.21) in one Node process with it, SQLite WAL synchronous=NORMAL',
  };
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(import.meta.dirname, 'results', 'messaging-latency.json'),
    JSON.stringify(result, null, 2) + '\n',
  );
  for (const m of [alice, bob, ...tx, ...rx]) await m.stop();
  await server.stop();
}

await main();
