/**
 * REGISTER load over WebSocket with digest (REGISTER → 401 → REGISTER with Authorization → 200),
 * against an in-process SIP service. Run: `npx tsx tests/support/sip/register-load.ts [seconds] [sockets] [window]`.
 * Prints one JSON line: full authenticated registrations per second.
 */
import { startSipTestServer } from './sip-test-server.js';
import { buildRequest, digestAnswer, RawSipClient } from './raw-sip-client.js';

export interface RegisterLoadResult {
  readonly seconds: number;
  readonly sockets: number;
  readonly window: number;
  readonly registrations: number;
  readonly perSecond: number;
}

/** An already running service to load instead of the in-process one (e.g. the real Parley service). */
export interface RegisterLoadTarget {
  readonly url: string;
  readonly domain: string;
  /** Accounts that exist there: REGISTERs go round-robin over them. */
  readonly users: ReadonlyArray<{ readonly username: string; readonly password: string }>;
}

export async function runRegisterLoad(
  seconds = 3,
  sockets = 1,
  window = 16,
  target?: RegisterLoadTarget,
): Promise<RegisterLoadResult> {
  let server: { url: string; domain: string; close(): Promise<void> };
  let accounts: ReadonlyArray<{ readonly username: string; readonly password: string }>;
  if (target) {
    server = { url: target.url, domain: target.domain, close: () => Promise.resolve() };
    accounts = target.users;
  } else {
    // One load generator on one address: per-source limits would ban it.
    const own = await startSipTestServer({ sourceLimits: false });
    const list = Array.from({ length: 200 }, (_, i) => ({ username: `user${i}`, password: `password${i}` }));
    for (const user of list) own.secrets.addUser(user.username, user.password);
    server = own;
    accounts = list;
  }
  const users = accounts.length;
  const clients = await Promise.all(Array.from({ length: sockets }, () => RawSipClient.connect(server.url)));
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let n = 0;
  const one = async (c: RawSipClient): Promise<void> => {
    // One sequence number per registration, read once: the challenge and the answer share its Call-ID,
    // and concurrent registrations of the same user never collide (RFC 3261 §10.3 step 7).
    const seq = n++;
    const i = seq % users;
    const user = accounts[i]!.username;
    const req = (cseq: number, auth?: string): string =>
      buildRequest({
        method: 'REGISTER',
        ruri: `sip:${server.domain}`,
        from: `sip:${user}@${server.domain}`,
        to: `sip:${user}@${server.domain}`,
        callId: `load-${seq}`,
        cseq,
        viaHost: c.viaHost,
        headers: [
          // One contact per user and socket: each REGISTER refreshes it (a user holds at most 10 bindings).
          `Contact: <sip:${user}@${c.viaHost};transport=ws>`,
          'Expires: 600',
          ...(auth ? [`Authorization: ${auth}`] : []),
        ],
      });
    const challenge = await c.request(req(1));
    const www = challenge.headers('WWW-Authenticate')[1] ?? '';
    const ok = await c.request(
      req(
        2,
        digestAnswer(www, {
          username: user,
          password: accounts[i]!.password,
          method: 'REGISTER',
          uri: `sip:${server.domain}`,
        }),
      ),
    );
    if (ok.status !== 200) throw new Error(`REGISTER failed: ${ok.status}`);
    done++;
  };
  const started = Date.now();
  await Promise.all(
    clients.flatMap((c) =>
      Array.from({ length: window }, async () => {
        while (Date.now() < deadline) await one(c);
      }),
    ),
  );
  const elapsed = (Date.now() - started) / 1000;
  for (const c of clients) c.close();
  await server.close();
  return { seconds: elapsed, sockets, window, registrations: done, perSecond: Math.round(done / elapsed) };
}

if (process.argv[1]?.endsWith('sip/register-load.ts')) {
  const [s, k, w] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await runRegisterLoad(s || 3, k || 1, w || 16)));
}
