/**
 * No secret reaches the logs (issue 14, item 7): a whole flow at the most verbose level — sign up, sign
 * in with JSON and with Basic, a digest REGISTER and a MESSAGE over SIP, token use, a password change, a
 * sign-out — with every log line the service writes captured, then searched for each password, session
 * token, HA1 (MD5 and SHA-256, of passwords and tokens), digest response and Basic header value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../../common/api-types.js';
import { ha1Md5, ha1Sha256, ha1bMd5 } from '../../../server/src/accounts/digest-ha1.js';
import { createJsonLogger } from '../../../server/src/logging/json-logger.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';
import {
  buildRequest,
  digestAnswer,
  parseChallenge,
  RawSipClient,
} from '../../support/sip/raw-sip-client.js';
import { wsRegister } from '../../support/sip/ws-register.js';

const lines: string[] = [];
let service: TestService;
let api: ApiClient;
const clients: RawSipClient[] = [];
/** Every secret the flow used, to be looked for in the logs. */
const secrets = new Set<string>();

beforeAll(async () => {
  service = await startTestService({ logger: createJsonLogger('debug', (line) => lines.push(line)) });
  api = apiClient(service.baseUrl);
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  await service.stop();
});

/** Remembers a password or token, and the HA1 values the service derives from it. */
function remember(username: string, secret: string): void {
  const realm = service.domain;
  for (const value of [
    secret,
    ha1Md5(username, realm, secret),
    ha1Sha256(username, realm, secret),
    ha1bMd5(username, realm, secret),
  ]) {
    secrets.add(value);
  }
}

/** A digest-authenticated request on `c` (challenge, then the answer); the final status. */
async function withDigest(
  c: RawSipClient,
  build: (auth?: string) => string,
  o: { username: string; password: string; method: string; uri: string; proxy: boolean },
): Promise<number> {
  const first = await c.request(build());
  const challenge = first.headers(o.proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate').at(-1)!;
  const answer = digestAnswer(challenge, o);
  secrets.add(parseChallenge(answer.replace(/^Digest /, ''))['response']!);
  secrets.add(answer);
  return (await c.request(build(answer))).status;
}

async function register(username: string, password: string): Promise<RawSipClient> {
  const c = await RawSipClient.connect(service.sipUrl);
  clients.push(c);
  const d = service.domain;
  const status = await withDigest(c, (auth) => wsRegister(c, username, d, auth), {
    username,
    password,
    method: 'REGISTER',
    uri: `sip:${d}`,
    proxy: false,
  });
  expect(status).toBe(200);
  return c;
}

describe('logs at debug level', () => {
  it('hold no password, token, HA1, digest response or Basic credentials after a whole flow', async () => {
    const d = service.domain;
    // Sign up and sign in, JSON and Basic.
    remember('alice', 'alice-first-pw');
    remember('bob', 'bob-secret-pw');
    expect((await api.post('/api/accounts', { username: 'alice', password: 'alice-first-pw' })).status).toBe(
      201,
    );
    expect((await api.post('/api/accounts', { username: 'bob', password: 'bob-secret-pw' })).status).toBe(
      201,
    );
    const json = await api.post<SessionResponse>('/api/sessions', {
      username: 'alice',
      password: 'alice-first-pw',
    });
    const basicValue = Buffer.from('bob:bob-secret-pw').toString('base64');
    secrets.add(basicValue);
    const basic = await api.post<SessionResponse>('/api/sessions', undefined, {
      headers: { authorization: `Basic ${basicValue}` },
    });
    expect([json.status, basic.status]).toEqual([201, 201]);
    remember('alice', json.body.token);
    remember('bob', basic.body.token);
    // A failed sign-in and a refused Basic use elsewhere are logged paths too.
    expect((await api.post('/api/sessions', { username: 'alice', password: 'alice-wrong-pw' })).status).toBe(
      401,
    );
    secrets.add('alice-wrong-pw');
    expect((await api.get('/api/me', { headers: { authorization: `Basic ${basicValue}` } })).status).toBe(
      401,
    );

    // SIP: alice registers with her password, bob with his token; bob writes to alice.
    const aliceDevice = await register('alice', 'alice-first-pw');
    const bobDevice = await register('bob', basic.body.token);
    const sent = await withDigest(
      bobDevice,
      (auth) =>
        buildRequest({
          method: 'MESSAGE',
          ruri: `sip:alice@${d}`,
          from: `sip:bob@${d}`,
          to: `sip:alice@${d}`,
          callId: 'log-secrets-message',
          viaHost: bobDevice.viaHost,
          headers: ['Content-Type: text/plain', ...(auth ? [`Proxy-Authorization: ${auth}`] : [])],
          body: 'hello alice',
        }),
      { username: 'bob', password: basic.body.token, method: 'MESSAGE', uri: `sip:alice@${d}`, proxy: true },
    );
    expect(sent).toBeLessThan(300);
    await aliceDevice.next((f) => f.method === 'MESSAGE');

    // Token use: the API and the event stream (`?token=` in the URL).
    expect((await api.get('/api/me', { token: json.body.token })).status).toBe(200);
    const events = await fetch(`${service.baseUrl}/api/events?token=${encodeURIComponent(json.body.token)}`);
    expect(events.status).toBe(200);
    await events.body?.cancel();

    // Password change (alice's device is cut off), then a new session and sign-out.
    remember('alice', 'alice-second-pw');
    const change = await api.put(
      '/api/me/password',
      { currentPassword: 'alice-first-pw', newPassword: 'alice-second-pw' },
      { token: json.body.token },
    );
    expect(change.status).toBe(204);
    await aliceDevice.closed;
    const again = await api.post<SessionResponse>('/api/sessions', {
      username: 'alice',
      password: 'alice-second-pw',
    });
    remember('alice', again.body.token);
    expect((await api.delete('/api/sessions/current', { token: again.body.token })).status).toBe(204);
    expect((await api.delete('/api/sessions/current', { token: basic.body.token })).status).toBe(204);
    await bobDevice.closed;

    // The logs did record the flow (so an empty log cannot pass) ...
    const all = lines.join('\n');
    expect(all).toContain('"tnx":"http"');
    expect(all).toContain('"path":"/api/me/password"');
    expect(all).toContain('session token revoked');
    // ... and none of the secrets.
    expect(secrets.size).toBeGreaterThan(20);
    const leaked = [...secrets].filter((secret) => all.includes(secret));
    expect(leaked).toEqual([]);
  });
});
