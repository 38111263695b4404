/**
 * Floods do not starve others (per-source limits, transport/source-guard.ts): while 127.0.0.2 floods
 * REGISTERs, INVITEs and garbage at full speed over WebSocket and UDP (from another process), a bystander
 * on 127.0.0.1 keeps registering and chatting: its REGISTER and MESSAGE round trips stay under 200 ms at
 * the 99th percentile, and the flooding address is banned. Real service, real sockets, default limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../../server/src/logging/json-logger.js';
import { startFlooder, type Flooder } from '../../support/sip/flooder.js';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';
import { buildRequest, digestAnswer, RawSipClient } from '../../support/sip/raw-sip-client.js';
import { wsRegister } from '../../support/sip/ws-register.js';

const SAMPLES = 300;
let server: SipTestServer;
/** When the service logged the ban of the flooding source (Date.now(), to compare with the flooder's clock). */
let bannedAt: number | undefined;
let flooder: Flooder | undefined;
const clients: RawSipClient[] = [];

beforeAll(async () => {
  const logger = createJsonLogger('warn', (line) => {
    if (line.includes('source banned') && line.includes('127.0.0.2')) bannedAt ??= Date.now();
  });
  server = await startSipTestServer({ listeners: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }], logger });
  server.secrets.addUser('alice', 'alice-password');
  server.secrets.addUser('bob', 'bob-password');
});
afterAll(async () => {
  await flooder?.stop();
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

/**
 * A bystander that answers one challenge per kind of request and then reuses its nonce with a growing
 * nonce count (RFC 7616 §3.4), so each sample is one request and its final response.
 */
class Bystander {
  private nc = 0;
  private constructor(
    readonly c: RawSipClient,
    private readonly user: string,
    private readonly registerChallenge: string,
  ) {}

  static async open(user: string): Promise<Bystander> {
    const c = await RawSipClient.connect(server.url);
    clients.push(c);
    const first = await c.request(Bystander.register(c, user));
    const challenge = first.headers('WWW-Authenticate').find((h) => h.includes('algorithm=MD5'))!;
    return new Bystander(c, user, challenge);
  }

  private static register(c: RawSipClient, user: string, auth?: string): string {
    return wsRegister(c, user, server.domain, auth);
  }

  private nextNc(): string {
    return (++this.nc).toString(16).padStart(8, '0');
  }

  /** One authenticated REGISTER; resolves with its round trip in ms. */
  async registerOnce(): Promise<number> {
    const auth = digestAnswer(this.registerChallenge, {
      username: this.user,
      password: `${this.user}-password`,
      method: 'REGISTER',
      uri: `sip:${server.domain}`,
      nc: this.nextNc(),
    });
    const t = performance.now();
    const res = await this.c.request(Bystander.register(this.c, this.user, auth));
    expect(res.status).toBe(200);
    return performance.now() - t;
  }

  private messageChallenge: string | undefined;

  /** One authenticated MESSAGE to `to` (whose device answers it); resolves with its round trip in ms. */
  async messageOnce(to: string): Promise<number> {
    const d = server.domain;
    const uri = `sip:${to}@${d}`;
    const build = (auth?: string): string =>
      buildRequest({
        method: 'MESSAGE',
        ruri: uri,
        from: `sip:${this.user}@${d}`,
        to: uri,
        viaHost: this.c.viaHost,
        headers: ['Content-Type: text/plain', ...(auth ? [`Proxy-Authorization: ${auth}`] : [])],
        body: 'ping',
      });
    this.messageChallenge ??= (await this.c.request(build())).headers('Proxy-Authenticate').at(-1)!;
    const auth = digestAnswer(this.messageChallenge, {
      username: this.user,
      password: `${this.user}-password`,
      method: 'MESSAGE',
      uri,
      nc: this.nextNc(),
    });
    const t = performance.now();
    const res = await this.c.request(build(auth));
    expect(res.status).toBe(200);
    return performance.now() - t;
  }
}

/** bob's device: answers every MESSAGE 200 (the MESSAGE round trip includes the callee's answer). */
async function answeringDevice(): Promise<void> {
  const bob = await Bystander.open('bob');
  await bob.registerOnce();
  bob.c.ws.on('message', (data) => {
    const text = data.toString();
    if (!text.startsWith('MESSAGE ')) return;
    const head = text.split('\r\n\r\n')[0]!.split('\r\n');
    const keep = head.filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
    bob.c.send(['SIP/2.0 200 OK', ...keep, 'Content-Length: 0', '', ''].join('\r\n'));
  });
}

async function measure(alice: Bystander): Promise<{ register: number[]; message: number[] }> {
  const register: number[] = [];
  const message: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    register.push(await alice.registerOnce());
    message.push(await alice.messageOnce('bob'));
  }
  return { register, message };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const summary = (v: number[]): string =>
  `p50 ${percentile(v, 50).toFixed(1)} ms, p99 ${percentile(v, 99).toFixed(1)} ms`;

describe('flood from one source', () => {
  it('keeps a bystander REGISTER and MESSAGE round trip under 200 ms (p99) and bans the flooder', async () => {
    await answeringDevice();
    const alice = await Bystander.open('alice');
    const quiet = await measure(alice);

    flooder = startFlooder({
      wsUrl: server.url,
      udpPort: server.port('udp'),
      source: '127.0.0.2',
      domain: server.domain,
    });
    await flooder.flooding; // measure from the moment the flood reaches the service
    const started = performance.now();
    const during = await measure(alice);
    const firstRefusal = await flooder.firstRefusal;
    const measuredFor = performance.now() - started;
    expect(bannedAt).toBeDefined();
    const timeToBan = bannedAt! - (await flooder.flooding);

    expect(server.service.bannedSources?.()).toContain('127.0.0.2');
    // The flood kept going while we measured (it reconnects and blasts UDP until stopped).
    expect(flooder.sent()).toBeGreaterThan(1000);
    process.stdout.write(
      `[flood] quiet REGISTER ${summary(quiet.register)}, MESSAGE ${summary(quiet.message)}\n` +
        `[flood] during REGISTER ${summary(during.register)}, MESSAGE ${summary(during.message)}\n` +
        `[flood] banned ${timeToBan} ms after the flood began (the flooder's first refusal ${firstRefusal} ms into its life); measured for ${measuredFor.toFixed(0)} ms; flooder sent ${flooder.sent()}\n`,
    );
    expect(percentile(during.register, 99)).toBeLessThan(200);
    expect(percentile(during.message, 99)).toBeLessThan(200);
  });
});
