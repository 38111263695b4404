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
 * - after the load: every call hung up, every connection closed, the tables and RSS against the start,
 *   and again `--after-ms` (60 s by default, the goal) after the load ended: heap and RSS at the
 *   start, at the peak (RSS: the kernel's high-water mark, /proc/PID/status VmHWM; heap: the highest of
 *   the readings above) and then, against the goal of "within 20 MB of the start".
 *
 *   npx tsx bench/memory.ts [--registrations 10000] [--calls 1000] [--after-ms 60000] [--transport ws|udp]
 *
 * Numbers are printed, not asserted. The machine is shared: RSS moves with the allocator and other
 * processes; the heap (after a full GC) is the steadier number. The service inherits this process's
 * environment: glibc keeps freed memory in per-thread arenas, so compare the RSS after the load with
 * `MALLOC_ARENA_MAX=2 npx tsx bench/memory.ts` too (README "Caps and expiries").
 *
 * To see where the bytes go, start the service with `nodeArgs: ['--heapsnapshot-signal=SIGUSR1']`
 * (soak-service.ts), take a snapshot before and after, and compare them with
 * bench/support/heap-snapshot-diff.ts.
 */
import fs from 'node:fs';
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
    /** How long after the load to read the memory again (the goal: back within 20 MB in 60 s). */
    'after-ms': { type: 'string', default: '60000' },
  },
});
const afterMs = Number(values['after-ms']);
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
    `${label.padEnd(34)} heap ${MB(s.memory.heapUsed).padStart(9)} (committed ${MB(s.memory.heapTotal)})  ` +
      `rss ${MB(s.memory.rss).padStart(9)}  ${JSON.stringify(s.sip)}`,
  );
const per = (label: string, a: IntrospectionSnapshot, b: IntrospectionSnapshot, n: number): void =>
  console.log(
    `  ${label}: heap ${kB((b.memory.heapUsed - a.memory.heapUsed) / n)}, rss ${kB((b.memory.rss - a.memory.rss) / n)}`,
  );

console.log(`${N} registrations, ${M} calls; accounts being written ...`);
const service = await startSoakService({ usernames: [...regUsers, ...callers, ...callees, ...warm], udp });
/** The service's peak RSS so far (VmHWM, bytes), or undefined off Linux. */
const peakRss = (): number | undefined => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${service.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
};
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
  const loadEnded = performance.now();
  const s5 = await settle(
    service,
    (s) => quiet(s) && s.sip.flows === s0.sip.flows && s.sip.dialogs === 0,
    120_000,
    2_000,
  );
  line(`all closed (after ${(s5.ms / 1000).toFixed(0)} s)`, s5.snapshot);
  const peakHeap = Math.max(...[s1, s2, s3, s4.snapshot, s5.snapshot].map((s) => s.memory.heapUsed));
  const hwm = peakRss();
  const wait = Math.max(0, afterMs - (performance.now() - loadEnded));
  await new Promise((resolve) => setTimeout(resolve, wait));
  const s6 = await service.introspect();
  line(`${(afterMs / 1000).toFixed(0)} s after the load`, s6);
  const heapOver = s6.memory.heapUsed - s0.memory.heapUsed;
  const rssOver = s6.memory.rss - s0.memory.rss;
  console.log(
    `  after the load: heap start ${MB(s0.memory.heapUsed)}, peak ${MB(peakHeap)}, ` +
      `+${(afterMs / 1000).toFixed(0)} s ${MB(s6.memory.heapUsed)} (${MB(heapOver)} over the start); ` +
      `rss start ${MB(s0.memory.rss)}, peak ${hwm === undefined ? '?' : MB(hwm)}, ` +
      `+${(afterMs / 1000).toFixed(0)} s ${MB(s6.memory.rss)} (${MB(rssOver)} over the start; goal ≤ 20 MB)`,
  );
  console.log(
    `  BYE failures ${badBye}; client errors ${[...held, ...a, ...b].reduce((n, u) => n + u.errors, 0)}`,
  );
  console.log('\nsummary (heap after a full GC; RSS includes V8 new space and allocator slack):');
  console.log(
    `  per held registration  heap ${kB((s1.memory.heapUsed - s0.memory.heapUsed) / N)}  rss ${kB((s1.memory.rss - s0.memory.rss) / N)}  (goal ≤ 2 kB)`,
  );
  console.log(
    `  per call at set-up     heap ${kB((s3.memory.heapUsed - s2.memory.heapUsed) / M)}  rss ${kB((s3.memory.rss - s2.memory.rss) / M)}  (goal ≤ 10 kB)`,
  );
  console.log(
    `  per call held          heap ${kB((s4.snapshot.memory.heapUsed - s2.memory.heapUsed) / M)}  rss ${kB((s4.snapshot.memory.rss - s2.memory.rss) / M)}  (goal ≤ 10 kB)`,
  );
  console.log(
    `  after the load (+${(afterMs / 1000).toFixed(0)} s)  heap ${MB(heapOver)}  rss ${MB(rssOver)} over the start  (goal ≤ 20 MB in 60 s)`,
  );
} finally {
  await service.stop();
}
