/**
 * Memory per held registration and per call in progress (issue 15 item 4: ≤ 2 kB and ≤ 10 kB).
 *
 * The service runs in its own process (tests/support/store/service-child.ts with `--expose-gc`, default
 * SIP timers); this process holds N registrations (one raw SIP-over-WebSocket connection each, as a
 * browser holds them) and M calls in progress (INVITE/180/200/ACK through the proxy, not ended), and
 * reads the service's heap (after a full GC) and RSS through its SIGUSR2 introspection line:
 *
 * - per registration: (after N registrations − before) / N, once no transaction is left;
 * - per call at set-up: right after the M calls are answered (INVITE transactions in RFC 6026 Accepted,
 *   proxy contexts kept 64·T1 for late 2xx);
 * - per call held: once those are gone (64·T1 = 32 s later), what a long call costs;
 * - after the load: every call hung up, every connection closed, the tables and RSS against the start.
 *
 *   npx tsx bench/memory.ts [--registrations 10000] [--calls 1000]
 *
 * The machine is shared: RSS moves with the allocator and other processes; the heap is the steadier number.
 */
import { parseArgs } from 'node:util';
import type { IntrospectionSnapshot } from '../server/src/introspection.js';
import {
  inFlight,
  inParallel,
  registerAll,
  registerAllUdp,
  settle,
} from '../tests/support/soak/soak-pool.js';
import { startSoakService } from '../tests/support/soak/soak-service.js';
import type { SoakDialog } from '../tests/support/soak/soak-user.js';

const { values } = parseArgs({
  options: {
    registrations: { type: 'string', default: '10000' },
    calls: { type: 'string', default: '1000' },
    /** `ws`: one WebSocket per registration, as browsers hold them; `udp`: plain phones, no connection. */
    transport: { type: 'string', default: 'ws' },
  },
});
const N = Number(values.registrations);
const M = Number(values.calls);
const udp = values.transport === 'udp';
const regUsers = Array.from({ length: N }, (_, i) => `r${i}`);
const callers = Array.from({ length: M }, (_, i) => `a${i}`);
const callees = Array.from({ length: M }, (_, i) => `b${i}`);
const warm = Array.from({ length: 200 }, (_, i) => `w${i}`);

const kB = (bytes: number): string => `${(bytes / 1024).toFixed(2)} kB`;
const MB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const quiet = (s: IntrospectionSnapshot): boolean => inFlight(s) === 0;
const line = (label: string, s: IntrospectionSnapshot): void =>
  console.log(
    `${label.padEnd(34)} heap ${MB(s.memory.heapUsed).padStart(9)}  rss ${MB(s.memory.rss).padStart(9)}  ` +
      JSON.stringify(s.sip),
  );
const per = (label: string, a: IntrospectionSnapshot, b: IntrospectionSnapshot, n: number): void =>
  console.log(
    `  ${label}: heap ${kB((b.memory.heapUsed - a.memory.heapUsed) / n)}, rss ${kB((b.memory.rss - a.memory.rss) / n)}`,
  );

console.log(`${N} registrations, ${M} calls; accounts being written ...`);
const service = await startSoakService({ usernames: [...regUsers, ...callers, ...callees, ...warm], udp });
try {
  // The service's own agents (echo) hold a flow and a binding of their own.
  const idle = await service.introspect();
  // Warm-up: code compiled, pools and caches filled before the baseline.
  const w = await registerAll(service, warm);
  for (let i = 0; i < 100; i += 2) await w[i]!.message(w[i + 1]!.username, 'warm-up');
  const wd = await inParallel([0, 2, 4, 6, 8], 5, (i) => w[i]!.call(w[i + 1]!.username));
  for (const [k, d] of wd.entries()) if (typeof d !== 'number') await w[k * 2]!.hangUp(d);
  for (const u of w) u.close();
  const s0 = (await settle(service, (s) => quiet(s) && s.sip.flows === idle.sip.flows, 60_000)).snapshot;
  line('start', s0);

  const t0 = performance.now();
  const held = udp ? [] : await registerAll(service, regUsers);
  const udpSockets = udp ? await registerAllUdp(service, regUsers) : [];
  console.log(
    `  ${N} registrations over ${udp ? 'UDP' : 'WebSocket'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const s1 = (await settle(service, quiet, 60_000)).snapshot;
  line(`${N} registrations held`, s1);
  per('per registration', s0, s1, N);

  const a = await registerAll(service, callers);
  const b = await registerAll(service, callees);
  const s2 = (await settle(service, quiet, 60_000)).snapshot;
  line(`+ ${2 * M} call parties registered`, s2);
  const pairs = a.map((_, i) => i);
  const dialogs = await inParallel(pairs, 50, (i) => a[i]!.call(callees[i]!));
  const failed = dialogs.filter((d) => typeof d === 'number');
  if (failed.length > 0) throw new Error(`${failed.length} calls failed: ${failed.slice(0, 5).join(', ')}`);
  const s3 = await service.introspect();
  line(`${M} calls answered (set-up)`, s3);
  per('per call at set-up', s2, s3, M);
  const s4 = await settle(service, quiet, 120_000, 2_000);
  line(`${M} calls held (after ${(s4.ms / 1000).toFixed(0)} s)`, s4.snapshot);
  per('per call held', s2, s4.snapshot, M);

  const hangups = await inParallel(pairs, 50, (i) => a[i]!.hangUp(dialogs[i] as SoakDialog));
  const badBye = hangups.filter((s) => s !== 200).length;
  for (const u of [...held, ...a, ...b]) u.close();
  for (const s of udpSockets) s.close();
  const s5 = await settle(
    service,
    (s) => quiet(s) && s.sip.flows === s0.sip.flows && s.sip.dialogs === 0,
    120_000,
    2_000,
  );
  line(`all closed (after ${(s5.ms / 1000).toFixed(0)} s)`, s5.snapshot);
  console.log(
    `  after the load: heap ${MB(s5.snapshot.memory.heapUsed - s0.memory.heapUsed)} over the start, ` +
      `rss ${MB(s5.snapshot.memory.rss - s0.memory.rss)} over the start; BYE failures ${badBye}; ` +
      `client errors ${[...held, ...a, ...b].reduce((n, u) => n + u.errors, 0)}`,
  );
} finally {
  await service.stop();
}
