/**
 * Introspection of a running service from outside the process, without an HTTP route: on SIGUSR2 the
 * service writes one JSON line to stdout (`"tnx":"introspect"`) with the entry counts of its tables and
 * timers (SIP transactions, proxy contexts, dialogs, bindings, flows, subscriptions, nonces, messaging
 * deliveries and their retry timers), the process's live handles by kind, and its memory (heap after a
 * garbage collection when the process runs with `--expose-gc`, RSS). bench/soak.ts and bench/memory.ts
 * read it; README "Caps and expiries" lists each table with its bound.
 */
import type { MessagingService } from './messaging/messaging-service.js';
import type { SipIntrospection, SipService } from './sip/sip-service-contract.js';

export interface IntrospectionSnapshot {
  readonly tnx: 'introspect';
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly sip: SipIntrospection | Record<string, never>;
  readonly messaging: MessagingService['stats'];
  /** Handles that keep the event loop alive, by kind (`Timeout`, `TCPSocketWrap`, ...); unref'd ones are not listed. */
  readonly handles: Readonly<Record<string, number>>;
  readonly memory: {
    readonly rss: number;
    readonly heapUsed: number;
    readonly heapTotal: number;
    readonly external: number;
    readonly arrayBuffers: number;
    /** Whether a full garbage collection ran just before (`--expose-gc`). */
    readonly afterGc: boolean;
  };
}

export interface Introspectable {
  readonly sip: SipService;
  readonly messaging: MessagingService;
}

/** The counts now; runs a full GC first when `global.gc` is exposed. */
export function introspect(service: Introspectable): IntrospectionSnapshot {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const handles: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
  const m = process.memoryUsage();
  return {
    tnx: 'introspect',
    at: Date.now(),
    sip: service.sip.introspect?.() ?? {},
    messaging: service.messaging.stats,
    handles,
    memory: {
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      afterGc: gc !== undefined,
    },
  };
}

/** Prints `introspect(service)` as one JSON line on every SIGUSR2. Returns a function that stops it. */
export function introspectOnSignal(
  service: Introspectable,
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): () => void {
  const onSignal = (): void => write(JSON.stringify(introspect(service)));
  process.on('SIGUSR2', onSignal);
  return () => void process.off('SIGUSR2', onSignal);
}
