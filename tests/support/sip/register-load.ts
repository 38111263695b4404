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

export async function runRegisterLoad(seconds = 3, sockets = 1, window = 16): Promise<RegisterLoadResult> {
  const server = await startSipTestServer();
  const users = 200;
  for (let i = 0; i < users; i++) server.secrets.addUser(`user${i}`, `password${i}`);
  const clients = await Promise.all(Array.from({ length: sockets }, () => RawSipClient.connect(server.url)));
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let n = 0;
  const one = async (c: RawSipClient): Promise<void> => {
    const i = n++ % users;
    const user = `user${i}`;
    const req = (cseq: number, auth?: string): string =>
      buildRequest({
        method: 'REGISTER',
        ruri: `sip:${server.domain}`,
        from: `sip:${user}@${server.domain}`,
        to: `sip:${user}@${server.domain}`,
        callId: `load-${n}`,
        cseq,
        viaHost: c.viaHost,
        headers: [
          `Contact: <sip:${user}-${n}@${c.viaHost};transport=ws>`,
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
          password: `password${i}`,
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

if (process.argv[1]?.endsWith('register-load.ts')) {
  const [s, k, w] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await runRegisterLoad(s || 3, k || 1, w || 16)));
}
