/**
 * The soak (issue 14 item 6): U registered users, C concurrent calls through the proxy (each held a few
 * seconds, then ended with BYE and replaced at once), and steady MESSAGEs between users, for a while;
 * then every user hangs up and disconnects, and the service's tables and timers must come back to where
 * they were before the load (server/src/introspection.ts). Samples of RSS and heap (after a GC) every
 * `sampleSeconds`; the RSS slope is a least-squares fit over the second half of them.
 * Used by bench/soak.ts (`npm run soak`, 10 minutes) and tests/integration/soak/soak.test.ts (seconds).
 */
import type { IntrospectionSnapshot } from '../../../server/src/introspection.js';
import { inFlight, registerAll, settle } from './soak-pool.js';
import { startSoakService, type SoakService } from './soak-service.js';
import type { SoakUser } from './soak-user.js';

export interface SoakOptions {
  readonly users: number;
  readonly calls: number;
  readonly seconds: number;
  /** MESSAGEs per second across all users. */
  readonly messagesPerSecond: number;
  /** Each call is held between `holdMs[0]` and `holdMs[1]` ms. */
  readonly holdMs: readonly [number, number];
  readonly sampleSeconds: number;
  /** How long the tables may take to come back once the load stops. */
  readonly settleMs: number;
  /** RFC 3261 T1 in ms (default timers when absent). */
  readonly t1Ms?: number;
  readonly log?: (line: string) => void;
}

export interface SoakSample {
  readonly seconds: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly sip: IntrospectionSnapshot['sip'];
}

/** Tables that hold something only while a request, call or connection is live. */
export const LOAD_TABLES = [
  'serverTransactions',
  'clientTransactions',
  'transactionTimers',
  'proxyContexts',
  'proxyBranches',
  'proxyLingering',
  'dialogs',
  'ringing',
  'bindings',
  'flows',
  'subscriptions',
  'credentialFlows',
  'deviceRequests',
] as const;

export interface SoakResult {
  readonly errors: number;
  readonly problems: readonly string[];
  readonly callsCompleted: number;
  readonly messagesSent: number;
  readonly samples: readonly SoakSample[];
  /** MB per minute over the second half of the samples. */
  readonly rssSlopeMbPerMin: number;
  readonly heapSlopeMbPerMin: number;
  /** Before any user registered (after a warm-up). */
  readonly start: IntrospectionSnapshot;
  /** Once the load stopped and the tables settled (or `settleMs` passed). */
  readonly end: IntrospectionSnapshot;
  readonly settleSeconds: number;
  /** `table: start → end` for every load table, handle kind and messaging count that did not come back. */
  readonly leftovers: readonly string[];
  /**
   * What was still held 2 s after a burst of REGISTER refreshes and MESSAGEs over WebSocket had all been
   * answered: completed non-INVITE transactions must not linger on a reliable transport (RFC 3261
   * §17.2.2 Timer J, §17.1.2.2 Timer K: zero), nor their proxy contexts.
   */
  readonly tailLeftovers: readonly string[];
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? ((): void => undefined);
  const names = Array.from({ length: o.users }, (_, i) => `u${i}`);
  const warm = Array.from({ length: 20 }, (_, i) => `warm${i}`);
  const service = await startSoakService({
    usernames: [...names, ...warm],
    ...(o.t1Ms ? { t1Ms: o.t1Ms } : {}),
  });
  try {
    const idle = await service.introspect();
    // Warm-up: code compiled, pools filled; then the baseline.
    const w = await registerAll(service, warm);
    await warmUp(w);
    for (const u of w) u.close();
    const back = (s: IntrospectionSnapshot): boolean => leftovers(idle, s).length === 0;
    const start = (await settle(service, back, o.settleMs)).snapshot;
    log(`start: rss ${mb(start.memory.rss)} heap ${mb(start.memory.heapUsed)}`);

    const users = await registerAll(service, names);
    log(`${users.length} users registered`);
    const load = new Load(users, o);
    const samples: SoakSample[] = [];
    const t0 = performance.now();
    const running = load.run(t0 + o.seconds * 1000);
    while (performance.now() - t0 < o.seconds * 1000) {
      await load.sleep(Math.min(o.sampleSeconds * 1000, t0 + o.seconds * 1000 - performance.now()));
      const s = await service.introspect();
      const sample = {
        seconds: (performance.now() - t0) / 1000,
        rss: s.memory.rss,
        heapUsed: s.memory.heapUsed,
        sip: s.sip,
      };
      samples.push(sample);
      log(
        `${sample.seconds.toFixed(0).padStart(5)} s  rss ${mb(sample.rss)}  heap ${mb(sample.heapUsed)}  ` +
          `calls ${load.callsCompleted}  messages ${load.messagesSent}  errors ${load.errors + sum(users)}  ` +
          `transactions ${tx(s)}  dialogs ${'dialogs' in s.sip ? s.sip.dialogs : '?'}`,
      );
    }
    await running;
    // Every call ended: the INVITE contexts may linger 64·T1 (late 2xx); wait for them with users on line.
    await settle(service, (s) => inFlight(s) === inFlight(start), o.settleMs, 1000);
    const tailLeftovers = await tailProbe(service, users, start);
    log(
      tailLeftovers.length === 0 ? 'tail probe: nothing lingers' : `tail probe: ${tailLeftovers.join(', ')}`,
    );
    for (const u of users) u.close();
    const settled = await settle(service, back, o.settleMs, 1000);
    const end = settled.snapshot;
    log(`after the load: ${settled.settled ? 'back' : 'NOT back'} in ${(settled.ms / 1000).toFixed(1)} s`);
    const half = samples.slice(Math.floor(samples.length / 2));
    return {
      errors: load.errors + sum(users),
      problems: [...load.problems, ...users.flatMap((u) => u.problems)].slice(0, 20),
      callsCompleted: load.callsCompleted,
      messagesSent: load.messagesSent,
      samples,
      rssSlopeMbPerMin: slope(half.map((s) => [s.seconds / 60, s.rss / 1048576])),
      heapSlopeMbPerMin: slope(half.map((s) => [s.seconds / 60, s.heapUsed / 1048576])),
      start,
      end,
      settleSeconds: settled.ms / 1000,
      leftovers: leftovers(start, end),
      tailLeftovers,
    };
  } finally {
    await service.stop();
  }
}

/** What did not come back to `start`: load tables, messaging deliveries and timers, handles by kind. */
export function leftovers(start: IntrospectionSnapshot, now: IntrospectionSnapshot): string[] {
  const out: string[] = [];
  const a = start.sip as Record<string, number>;
  const b = now.sip as Record<string, number>;
  for (const k of LOAD_TABLES) if ((b[k] ?? 0) > (a[k] ?? 0)) out.push(`${k}: ${a[k]} → ${b[k]}`);
  if (now.messaging.deliveries > 0) out.push(`deliveries: ${now.messaging.deliveries}`);
  if (now.messaging.deliveryTimers > 0) out.push(`deliveryTimers: ${now.messaging.deliveryTimers}`);
  for (const [kind, n] of Object.entries(now.handles)) {
    if (n > (start.handles[kind] ?? 0)) out.push(`handles ${kind}: ${start.handles[kind] ?? 0} → ${n}`);
  }
  return out;
}

/** REGISTER refreshes and MESSAGEs from 50 users; then the transaction tables must empty within 2 s. */
async function tailProbe(
  service: SoakService,
  users: readonly SoakUser[],
  start: IntrospectionSnapshot,
): Promise<string[]> {
  const some = users.slice(0, 50);
  await Promise.all(
    some.map(async (u, i) => {
      await u.register();
      await u.message(some[(i + 1) % some.length]!.username, 'tail');
    }),
  );
  const done = await settle(service, (s) => inFlight(s) === inFlight(start), 2_000, 100);
  if (done.settled) return [];
  const a = start.sip as Record<string, number>;
  const b = done.snapshot.sip as Record<string, number>;
  return LOAD_TABLES.filter((k) => k !== 'bindings' && k !== 'flows' && (b[k] ?? 0) > (a[k] ?? 0))
    .map((k) => `${k}: ${a[k]} → ${b[k]}`)
    .concat(
      done.snapshot.messaging.deliveries > 0 ? [`deliveries: ${done.snapshot.messaging.deliveries}`] : [],
    );
}

async function warmUp(w: SoakUser[]): Promise<void> {
  for (let i = 0; i + 1 < w.length; i += 2) {
    await w[i]!.message(w[i + 1]!.username, 'warm-up');
    const d = await w[i]!.call(w[i + 1]!.username);
    if (typeof d !== 'number') await w[i]!.hangUp(d);
  }
}

/** The load itself: call lanes over users not in a call, and a paced MESSAGE loop. */
class Load {
  errors = 0;
  readonly problems: string[] = [];
  callsCompleted = 0;
  messagesSent = 0;
  private readonly free: SoakUser[];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly users: readonly SoakUser[],
    private readonly o: SoakOptions,
  ) {
    this.free = shuffle([...users]);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  async run(until: number): Promise<void> {
    const lanes = Array.from({ length: this.o.calls }, () => this.callLane(until));
    await Promise.all([...lanes, this.messageLoop(until)]);
  }

  private problem(what: string): void {
    this.errors++;
    if (this.problems.length < 20) this.problems.push(what);
  }

  private async callLane(until: number): Promise<void> {
    while (performance.now() < until) {
      const caller = this.free.shift();
      const callee = this.free.shift();
      if (!caller || !callee) {
        if (caller) this.free.push(caller);
        await this.sleep(50);
        continue;
      }
      try {
        const dialog = await caller.call(callee.username);
        if (typeof dialog === 'number') {
          this.problem(`call ${caller.username} → ${callee.username}: ${dialog}`);
          continue;
        }
        const [lo, hi] = this.o.holdMs;
        await this.sleep(lo + Math.random() * (hi - lo));
        // Either side ends it.
        const bye =
          Math.random() < 0.5
            ? await caller.hangUp(dialog)
            : await callee.hangUp(callee.answered.get(dialog.callId) ?? dialog);
        if (bye !== 200) this.problem(`BYE ${caller.username} ↔ ${callee.username}: ${bye}`);
        else this.callsCompleted++;
      } finally {
        this.free.push(caller, callee);
      }
    }
  }

  private async messageLoop(until: number): Promise<void> {
    const gap = 1000 / this.o.messagesPerSecond;
    const inFlightMessages = new Set<Promise<void>>();
    let next = performance.now();
    while (performance.now() < until) {
      const from = this.users[Math.floor(Math.random() * this.users.length)]!;
      let to = this.users[Math.floor(Math.random() * this.users.length)]!;
      if (to === from) to = this.users[(this.users.indexOf(from) + 1) % this.users.length]!;
      const p = from.message(to.username, `soak ${this.messagesSent}`).then((status) => {
        if (status < 200 || status >= 300)
          this.problem(`MESSAGE ${from.username} → ${to.username}: ${status}`);
      });
      this.messagesSent++;
      inFlightMessages.add(p);
      void p.finally(() => inFlightMessages.delete(p));
      next += gap;
      await this.sleep(next - performance.now());
    }
    await Promise.all(inFlightMessages);
  }
}

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const sum = (users: readonly SoakUser[]): number => users.reduce((n, u) => n + u.errors, 0);
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
const tx = (s: IntrospectionSnapshot): number => inFlight(s);

export type { SoakService };
