/**
 * One generator process (forked by `load-runner.ts`): opens its flows, registers its users, then runs
 * the mode in a closed loop per user until told to stop. Talks to its parent over the IPC channel:
 *
 *   parent → { type: 'init', ...WorkerInit }   child → { type: 'ready', failed }
 *   parent → { type: 'go' }                    (load starts)
 *   parent → { type: 'mark' }                  (measurement window starts: counters reset)
 *   parent → { type: 'stop' }                  child → { type: 'stats', ...WorkerStats }
 *   parent → { type: 'close' }                 (bindings removed, flows closed, process exits)
 */
import { DigestClient } from './digest-client.js';
import { openUdpFlow, openWsFlow, type Flow, type TransportName } from './flows.js';
import { unique } from './sip-wire.js';
import { Dispatcher, type LoadUser, type Mode } from './user-agents.js';

export interface WorkerInit {
  readonly transport: TransportName;
  /** `ws://...` for ws, `host:port` for udp. */
  readonly address: string;
  readonly domain: string;
  readonly mode: Mode;
  readonly users: readonly { readonly name: string; readonly password: string }[];
  /** Connections (ws) or sockets (udp) this worker spreads its users over. */
  readonly flows: number;
  readonly timeoutMs: number;
}

export interface WorkerStats {
  readonly ok: number;
  readonly failed: number;
  /** Latency of each successful operation in the window, ms. */
  readonly latencies: number[];
  /** This process's CPU seconds during the window. */
  readonly cpuSeconds: number;
}

type Parent = { type: 'init' } & WorkerInit;

async function main(init: WorkerInit): Promise<void> {
  const dispatcher = new Dispatcher(init.domain, init.timeoutMs);
  const flows: Flow[] = [];
  for (let i = 0; i < init.flows; i++) {
    let flow: Flow | undefined;
    const onMessage = dispatcher.handler(() => flow!);
    if (init.transport === 'ws') flow = await openWsFlow(init.address, onMessage);
    else {
      const [host = '127.0.0.1', port = '0'] = init.address.split(':');
      flow = await openUdpFlow(host, Number(port), onMessage);
    }
    flows.push(flow);
  }
  const half = init.mode === 'register' ? init.users.length : Math.floor(init.users.length / 2);
  const users: LoadUser[] = init.users.map((u, i) => {
    // Callers on flow i, their callees on the next flow: calls cross connections.
    const flow = flows[(i < half ? i : i - half + 1) % flows.length]!;
    return {
      name: u.name,
      password: u.password,
      flow,
      digest: new DigestClient(u.name, init.domain, u.password),
      registerCallId: unique(),
      registerCSeq: 0,
    };
  });
  // Old bindings (an earlier cell's UDP ports) would fork calls to dead sockets: clear them first.
  const codes = await Promise.all(
    users.map(async (u) => {
      await dispatcher.register(u, 0);
      return await dispatcher.register(u, 3600, u.flow.contact(u.name));
    }),
  );
  send({ type: 'ready', failed: codes.filter((c) => c !== 200).length, codes: [...new Set(codes)] });

  let stopped = false;
  let ok = 0;
  let failed = 0;
  let latencies: number[] = [];
  let cpuAtMark = process.cpuUsage();
  const loops: Promise<void>[] = [];

  const loop = async (op: () => Promise<boolean>): Promise<void> => {
    while (!stopped) {
      const t0 = performance.now();
      const success = await op();
      if (stopped) break;
      if (success) {
        ok++;
        latencies.push(performance.now() - t0);
      } else {
        failed++;
      }
    }
  };

  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'go') {
      for (let i = 0; i < half; i++) {
        const u = users[i]!;
        const callee = users[i + half]?.name ?? u.name;
        if (init.mode === 'register')
          loops.push(loop(async () => (await dispatcher.register(u, 3600, u.flow.contact(u.name))) === 200));
        else if (init.mode === 'call') loops.push(loop(() => dispatcher.call(u, callee)));
        else loops.push(loop(() => dispatcher.message(u, callee)));
      }
    } else if (msg.type === 'mark') {
      ok = 0;
      failed = 0;
      latencies = [];
      cpuAtMark = process.cpuUsage();
    } else if (msg.type === 'stop') {
      stopped = true;
      const cpu = process.cpuUsage(cpuAtMark);
      const stats: WorkerStats = { ok, failed, latencies, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
      send({ type: 'stats', ...stats });
      if (dispatcher.received.size > 0)
        console.error(`generator ${process.pid} received`, Object.fromEntries(dispatcher.received));
    } else if (msg.type === 'close') {
      void Promise.allSettled(loops)
        .then(() => Promise.all(users.map((u) => dispatcher.register(u, 0))))
        .finally(() => {
          for (const f of flows) f.close();
          process.exit(0);
        });
    }
  });
}

function send(message: object): void {
  process.send?.(message);
}

process.once('message', (msg: Parent) => {
  if (msg.type !== 'init') return;
  main(msg).catch((error: unknown) => {
    send({ type: 'error', message: String((error as Error)?.stack ?? error) });
    process.exit(1);
  });
});
