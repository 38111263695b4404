/**
 * The fuzz run: for each transport (WebSocket, UDP, TCP) in turn, batches of mutants (mutators.ts) of
 * the seed messages (sip-corpus.ts), each batch closed by an OPTIONS "sentinel" the service must answer
 * (flow control, and proof it still serves that transport); every message the service sends back is
 * judged (fuzz-oracle.ts); the health probe (fuzz-probe.ts) runs between batches. Over TCP a mutant
 * that breaks the stream (stream-fate.ts) is the last one on its connection, and the service must close
 * that connection by itself (RFC 3261 §18.3). Reproducible: the same seed sends the same bytes in the
 * same order.
 */
import { Prng } from './prng.js';
import { mutate } from './mutators.js';
import { judge, type Finding, type SentMutant } from './fuzz-oracle.js';
import { openLane, type FuzzTarget, type FuzzTransport, type Lane } from './fuzz-lane.js';
import { FuzzProbe } from './fuzz-probe.js';
import { SEED_KINDS, seedMessage, serialize, type CorpusContext } from './sip-corpus.js';
import { streamFate } from './stream-fate.js';

export interface FuzzOptions {
  readonly target: FuzzTarget;
  readonly domain: string;
  /** Existing users the seeds name (none of them the probe's). */
  readonly users: readonly string[];
  readonly probe: { readonly username: string; readonly password: string };
  readonly messages: number;
  readonly seed: number;
  readonly transports?: readonly FuzzTransport[];
  /** Mutants between sentinels (default 200). */
  readonly batch?: number;
  /** Health probe every this many batches (default 10). */
  readonly probeEvery?: number;
  readonly log?: (line: string) => void;
}

export interface FuzzResult {
  readonly seed: number;
  readonly sent: number;
  readonly malformedSent: number;
  readonly answers: Record<string, number>;
  readonly reconnects: number;
  /** TCP connections ended after a mutant that broke the stream (RFC 3261 §18.3). */
  readonly streamCloses: number;
  readonly probes: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly findings: Finding[];
}

const SENTINEL_TIMEOUT_MS = 1500;
/** No answer to a sentinel for this long (however many attempts): the service stopped serving. */
const SENTINEL_GIVE_UP_MS = 20_000;
const KEEP_BATCHES = 4;
const KEEP_ALIVE_EVERY = 10;
/** Batches between progress lines (20,000 mutants by default). */
const PROGRESS_EVERY = 100;
/** How long the service has to close a TCP connection whose stream a mutant broke. */
const STREAM_CLOSE_MS = 5000;
/** RFC 3261 §25.1 Request-Line / Status-Line, roughly: what the service takes for SIP at all. */
const START_LINE = /^(?:[A-Za-z!%*._+`'~-]+ \S+ SIP\/\d+\.\d+|SIP\/\d+\.\d+ .*)$/;

export async function runFuzz(o: FuzzOptions): Promise<FuzzResult> {
  const rng = new Prng(o.seed);
  const batch = o.batch ?? 200;
  const probeEvery = o.probeEvery ?? 10;
  const transports = o.transports ?? ['ws', 'udp', 'tcp'];
  const findings: Finding[] = [];
  const answers: Record<string, number> = {};
  const recent = new Map<string, SentMutant>();
  const batchKeys: string[][] = [];
  let sent = 0;
  let malformedSent = 0;
  let reconnects = 0;
  let streamCloses = 0;
  let probes = 0;
  let sentinelWaiter: { branch: string; resolve: () => void } | undefined;
  const onFrame = (text: string): void => {
    const status = /^SIP\/2\.0 (\d)\d\d /.exec(text)?.[1];
    const key = status ? `${status}xx` : 'requests';
    answers[key] = (answers[key] ?? 0) + 1;
    if (sentinelWaiter && text.includes(sentinelWaiter.branch)) {
      sentinelWaiter.resolve();
      return;
    }
    const finding = judge(text, (b) => recent.get(b));
    if (finding && findings.length < 50) findings.push(finding);
  };
  const probe = await FuzzProbe.open(o.target.wsUrl, o.domain, o.probe.username, o.probe.password);
  const runProbe = async (): Promise<void> => {
    probes++;
    await withTimeout(probe.check(), 10_000, 'health probe');
  };
  const started = performance.now();
  try {
    await runProbe();
    let n = 0;
    for (const [ti, transport] of transports.entries()) {
      const quota =
        Math.floor(o.messages / transports.length) + (ti === 0 ? o.messages % transports.length : 0);
      let lane: Lane | undefined;
      const ensureLane = async (): Promise<Lane> => {
        if (lane?.isOpen()) return lane;
        if (lane) reconnects++;
        lane?.close();
        lane = await openLane(transport, o.target, onFrame);
        return lane;
      };
      const sentinel = async (): Promise<void> => {
        const since = performance.now();
        // An answer to any attempt of this sentinel will do: on a loaded machine the first may come late.
        const answered = new Promise<void>(
          (resolve) => (sentinelWaiter = { branch: `z9hG4bKsentinel${n}x`, resolve }),
        );
        for (let attempt = 0; ; attempt++) {
          const l = await ensureLane();
          const branch = `z9hG4bKsentinel${n}x${attempt}`;
          l.send(serialize(sentinelOptions(l, o.domain, branch)));
          const ok = await Promise.race([
            answered.then(() => true),
            l.closed.then(() => false),
            // A datagram may be dropped under load: ask again soon.
            delay(transport === 'udp' ? 400 : SENTINEL_TIMEOUT_MS).then(() => false),
          ]);
          if (ok) {
            sentinelWaiter = undefined;
            return;
          }
          // A stream may be waiting for a body that never comes, or closed: start a new connection.
          if (performance.now() - since > SENTINEL_GIVE_UP_MS) {
            sentinelWaiter = undefined;
            throw new Error(`${transport}: the service stopped answering OPTIONS`);
          }
          if (transport !== 'udp' || attempt >= 2) {
            lane?.close();
            lane = undefined;
            reconnects++;
          }
        }
      };
      /** TCP connections given up after a stream-breaking mutant, until the service closes them. */
      const retired = new Map<Lane, { mutant: Buffer; mutations: readonly string[] }>();
      const retire = (
        l: Lane,
        fate: 'closes' | 'incomplete',
        m: { bytes: Buffer; mutations: string[] },
      ): void => {
        streamCloses++;
        lane = undefined;
        // An incomplete message: the service waits for its rest, so we end the stream ourselves.
        if (fate === 'incomplete') l.end();
        const entry = { mutant: m.bytes, mutations: m.mutations };
        // Closing by ourselves proves nothing about the service: only `closes` lanes are checked.
        if (fate === 'closes') retired.set(l, entry);
        void l.closed.then(() => retired.delete(l));
      };
      let batches = 0;
      for (let done = 0; done < quota;) {
        const keys: string[] = [];
        const size = Math.min(batch, quota - done);
        for (let i = 0; i < size; i++, n++) {
          const l = await ensureLane();
          const ctx: CorpusContext = {
            domain: o.domain,
            transport: transport.toUpperCase(),
            viaHost: l.viaHost,
            users: o.users,
          };
          const seed = seedMessage(rng.pick(SEED_KINDS), n, ctx, rng);
          let mutant = mutate(seed, rng, { stream: transport === 'tcp' });
          let head = mutant.bytes.subarray(0, 2048).toString('latin1');
          // A broken start line costs a WebSocket a sentinel round and a reconnect (below): send only one
          // in ten of them there (UDP and TCP get them all), so the run is not all reconnects.
          while (transport === 'ws' && !isSipStart(head) && rng.chance(0.9)) {
            mutant = mutate(seed, rng, { stream: false });
            head = mutant.bytes.subarray(0, 2048).toString('latin1');
          }
          // Likewise over TCP a mutant that breaks the stream costs a connection (more than half of them
          // would): one in ten of those is sent, so the connections there carry runs of mutants too.
          let fate = transport === 'tcp' ? streamFate(mutant.bytes) : 'open';
          while (fate !== 'open' && rng.chance(0.9)) {
            mutant = mutate(seed, rng, { stream: true });
            head = mutant.bytes.subarray(0, 2048).toString('latin1');
            fate = streamFate(mutant.bytes);
          }
          const branch = /;branch=([^;,\s]+)/.exec(head)?.[1];
          if (branch) {
            const requestMethod = /^SIP\/2\.0/.test(head) ? undefined : head.split(' ')[0]!.toUpperCase();
            recent.set(branch, { requestMethod, ...mutant });
            keys.push(branch);
          }
          if (mutant.malformed) malformedSent++;
          l.send(mutant.bytes);
          sent++;
          if (fate !== 'open') {
            retire(l, fate, mutant);
          } else if (transport === 'ws' && !isSipStart(head)) {
            // Not SIP at all: the service closes a WebSocket that sends this (RFC 6455 §7.4.1), so it ends
            // a chunk: sentinel, then a new connection.
            await sentinel();
          } else if (i % KEEP_ALIVE_EVERY === KEEP_ALIVE_EVERY - 1) {
            // The service also closes a flow after 20 malformed messages in a row (sip-core.ts, tested
            // in raw-sip*.test.ts); a valid OPTIONS now and then keeps the lane open.
            l.send(serialize(sentinelOptions(l, o.domain, `z9hG4bKkeep${n}`)));
          }
        }
        done += size;
        batchKeys.push(keys);
        if (batchKeys.length > KEEP_BATCHES) for (const k of batchKeys.shift()!) recent.delete(k);
        await sentinel();
        if (++batches % probeEvery === 0) await runProbe();
        if (batches % PROGRESS_EVERY === 0) {
          const secs = (performance.now() - started) / 1000;
          o.log?.(
            `fuzz: ${transport} ${done}/${quota}; ${sent} sent in ${secs.toFixed(0)} s = ` +
              `${Math.round(sent / secs)}/s; answers ${JSON.stringify(answers)}; ${findings.length} findings`,
          );
        }
      }
      lane?.close();
      if (retired.size > 0)
        await Promise.race([Promise.all([...retired.keys()].map((l) => l.closed)), delay(STREAM_CLOSE_MS)]);
      for (const [l, r] of retired) {
        if (findings.length < 50) {
          findings.push({
            why: 'a TCP connection stayed open after a message that broke its stream (RFC 3261 §18.3)',
            answer: '',
            mutant: { mutations: r.mutations, text: r.mutant.toString('latin1') },
          });
        }
        l.close();
      }
      o.log?.(
        `fuzz: ${transport} done (${sent} sent so far, ${reconnects} reconnects, ${streamCloses} stream closes)`,
      );
    }
    await runProbe();
  } finally {
    probe.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    seed: o.seed,
    sent,
    malformedSent,
    answers,
    reconnects,
    streamCloses,
    probes,
    seconds,
    perSecond: Math.round(sent / seconds),
    findings,
  };
}

function sentinelOptions(lane: Lane, domain: string, branch: string) {
  return {
    startLine: `OPTIONS sip:${domain} SIP/2.0`,
    headers: [
      ['Via', `SIP/2.0/${lane.transport.toUpperCase()} ${lane.viaHost};branch=${branch};rport`],
      ['Max-Forwards', '70'],
      ['From', `<sip:sentinel@${domain}>;tag=s`],
      ['To', `<sip:${domain}>`],
      ['Call-ID', branch],
      ['CSeq', '1 OPTIONS'],
    ] as [string, string][],
    body: '',
  };
}

function isSipStart(head: string): boolean {
  const end = head.indexOf('\r\n');
  return START_LINE.test(end < 0 ? head : head.slice(0, end));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
