/**
 * One measurement cell: one server, one transport, one mode. Forks the generator processes (each with
 * its own users and flows), waits until all are registered, lets the load run `warmupS` seconds, then
 * measures `durationS` seconds: operations, latencies, the server's CPU seconds and RSS from /proc, and
 * the generator's own CPU (to show it is not the bottleneck).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TransportName } from './flows.js';
import type { WorkerInit, WorkerStats } from './load-worker.js';
import { cpuSeconds, pin, rssMiB } from './proc-stat.js';
import type { Target } from './targets.js';
import type { Mode } from './user-agents.js';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

export interface CellOptions {
  readonly mode: Mode;
  readonly transport: TransportName;
  readonly domain: string;
  readonly users: readonly { name: string; password: string }[];
  /** Generator processes. */
  readonly workers: number;
  /** Flows (connections or sockets) per generator process. */
  readonly flowsPerWorker: number;
  readonly warmupS: number;
  readonly durationS: number;
  /** CPU list the generator processes are pinned to (taskset), or undefined. */
  readonly generatorCpus?: string;
}

export interface CellResult {
  readonly ok: number;
  readonly failed: number;
  readonly opsPerSecond: number;
  /** Server CPU µs per successful operation. */
  readonly cpuMicrosPerOp: number;
  /** Server CPU use in the window, % of one core. */
  readonly serverCpuPercent: number;
  readonly p50: number;
  readonly p99: number;
  readonly rssMiB: number;
  /** Generator CPU, % of one core (sum over its processes). */
  readonly generatorCpuPercent: number;
  readonly registerFailures: number;
}

type FromWorker =
  | { type: 'ready'; failed: number; codes: number[] }
  | ({ type: 'stats' } & WorkerStats)
  | { type: 'error'; message: string };

function next<T extends FromWorker['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromWorker): void => {
      if (m.type === 'error') {
        cleanup();
        reject(new Error(`generator: ${m.message}`));
      } else if (m.type === type) {
        cleanup();
        resolve(m as Extract<FromWorker, { type: T }>);
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`generator exited (${code}) before '${type}'`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

const sleep = (s: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, s * 1000));

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function runCell(target: Target, options: CellOptions): Promise<CellResult> {
  const address = options.transport === 'ws' ? target.wsUrl : target.udpAddress;
  // Users split evenly; for call/message each worker's first half calls its second half.
  const per = Math.floor(options.users.length / options.workers);
  const children: ChildProcess[] = [];
  try {
    for (let w = 0; w < options.workers; w++) {
      const child = fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      if (options.generatorCpus !== undefined && child.pid !== undefined)
        pin([child.pid], options.generatorCpus);
      const init: WorkerInit = {
        transport: options.transport,
        address,
        domain: options.domain,
        mode: options.mode,
        users: options.users.slice(w * per, (w + 1) * per),
        flows: options.flowsPerWorker,
        timeoutMs: 5000,
      };
      child.send({ type: 'init', ...init });
    }
    const ready = await Promise.all(children.map((c) => next(c, 'ready')));
    const registerFailures = ready.reduce((n, r) => n + r.failed, 0);
    if (registerFailures > 0) {
      const codes = [...new Set(ready.flatMap((r) => r.codes))].join(',');
      console.error(
        `  ${target.name} ${options.transport}: ${registerFailures} initial REGISTERs failed (${codes})`,
      );
    }
    for (const c of children) c.send({ type: 'go' });
    await sleep(options.warmupS);
    const pids = target.pids();
    const genPids = children.map((c) => c.pid!);
    const cpu0 = cpuSeconds(pids);
    const gen0 = cpuSeconds(genPids);
    const t0 = performance.now();
    for (const c of children) c.send({ type: 'mark' });
    await sleep(options.durationS);
    const statsPromises = children.map((c) => next(c, 'stats'));
    for (const c of children) c.send({ type: 'stop' });
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = cpuSeconds(pids);
    const gen1 = cpuSeconds(genPids);
    const rss = rssMiB(pids);
    const stats = await Promise.all(statsPromises);
    const ok = stats.reduce((n, s) => n + s.ok, 0);
    const failed = stats.reduce((n, s) => n + s.failed, 0);
    const lat = Float64Array.from(stats.flatMap((s) => s.latencies)).sort();
    return {
      ok,
      failed,
      opsPerSecond: ok / seconds,
      cpuMicrosPerOp: ok > 0 ? ((cpu1 - cpu0) * 1e6) / ok : NaN,
      serverCpuPercent: ((cpu1 - cpu0) / seconds) * 100,
      p50: quantile(lat, 0.5),
      p99: quantile(lat, 0.99),
      rssMiB: rss,
      generatorCpuPercent: ((gen1 - gen0) / seconds) * 100,
      registerFailures,
    };
  } finally {
    await Promise.all(
      children.map(async (c) => {
        if (c.exitCode !== null) return;
        const exited = new Promise((resolve) => c.once('exit', resolve));
        c.send({ type: 'close' });
        const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
