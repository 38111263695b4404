/**
 * Many SoakUsers at once: connect-and-register with a bounded number in flight, and wait for the
 * service's tables to settle (introspection), shared by bench/memory.ts, bench/soak.ts and the soak test.
 */
import { randomBytes } from 'node:crypto';
import type { IntrospectionSnapshot } from '../../../server/src/introspection.js';
import { requestWithDigest } from '../sip/plain-digest.js';
import { RawPlainClient } from '../sip/raw-plain-client.js';
import { SoakUser } from './soak-user.js';
import { soakPassword, type SoakService } from './soak-service.js';

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** Connects and registers each user on its own WebSocket; throws on the first failure. */
export async function registerAll(
  service: SoakService,
  usernames: readonly string[],
  limit = 64,
): Promise<SoakUser[]> {
  return inParallel(usernames, limit, async (u) => {
    const user = await SoakUser.connect(service.sipUrl, service.domain, u, soakPassword(u));
    const status = await user.register();
    if (status !== 200) throw new Error(`REGISTER of ${u}: ${status}`);
    return user;
  });
}

/** Transactions, proxy contexts (lingering ones too) and their timers: zero when no request is in flight. */
export function inFlight(s: IntrospectionSnapshot): number {
  const t = s.sip;
  if (!('serverTransactions' in t)) return 0;
  return (
    t.serverTransactions +
    t.clientTransactions +
    t.transactionTimers +
    t.proxyContexts +
    t.proxyLingering +
    s.messaging.deliveries
  );
}

/** Polls the introspection until `done` holds (or `limitMs` passes); resolves with the last snapshot. */
export async function settle(
  service: SoakService,
  done: (s: IntrospectionSnapshot) => boolean,
  limitMs: number,
  everyMs = 500,
): Promise<{ snapshot: IntrospectionSnapshot; ms: number; settled: boolean }> {
  const start = performance.now();
  for (;;) {
    const snapshot = await service.introspect();
    const ms = performance.now() - start;
    if (done(snapshot)) return { snapshot, ms, settled: true };
    if (ms > limitMs) return { snapshot, ms, settled: false };
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Registers each user over SIP UDP (digest with the MD5 challenge a plain phone answers), `sockets`
 * sockets taking turns, one request in flight per socket; every user gets its own contact. Resolves with
 * the sockets (close them to stop listening; the bindings stay until they expire).
 */
export async function registerAllUdp(
  service: SoakService,
  usernames: readonly string[],
  sockets = 32,
): Promise<RawPlainClient[]> {
  const port = service.udpPort;
  if (port === undefined) throw new Error('the service has no SIP UDP listener (startSoakService udp)');
  const clients = await Promise.all(
    Array.from({ length: sockets }, () => RawPlainClient.connect('udp', port)),
  );
  let next = 0;
  await Promise.all(
    clients.map(async (c) => {
      while (next < usernames.length) {
        const username = usernames[next++]!;
        const res = await requestWithDigest(
          c,
          { username, password: soakPassword(username) },
          service.domain,
          {
            method: 'REGISTER',
            ruri: `sip:${service.domain}`,
            to: `sip:${username}@${service.domain}`,
            callId: randomBytes(8).toString('hex'),
            headers: [`Contact: <sip:${username}@${c.viaHost}>`, 'Expires: 3600'],
          },
        );
        if (res.status !== 200) throw new Error(`REGISTER of ${username} over UDP: ${res.status}`);
      }
    }),
  );
  return clients;
}
