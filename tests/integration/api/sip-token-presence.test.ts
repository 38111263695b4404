/**
 * The seam between accounts and the SIP room, end to end over real sockets: a client REGISTERs with its
 * session token as the digest password (RFC 3261 §22.4, MD5 qop=auth), then the directory shows it
 * online; when the WebSocket closes, offline again. After sign-out the token no longer registers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DirectoryResponse } from '../../../common/api-types.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

let service: TestService;
let api: ApiClient;

beforeAll(async () => {
  service = await startTestService();
  api = apiClient(service.baseUrl);
});
afterAll(() => service.stop());

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** A bare SIP-over-WebSocket client: enough to REGISTER with digest auth. */
async function connect(): Promise<{ ws: WebSocket; next: () => Promise<string> }> {
  const ws = new WebSocket(service.sipUrl, 'sip');
  const queue: string[] = [];
  const waiters: ((text: string) => void)[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const waiter = waiters.shift();
    if (waiter) waiter(text);
    else queue.push(text);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = () =>
    new Promise<string>((resolve) => {
      const queued = queue.shift();
      if (queued !== undefined) resolve(queued);
      else waiters.push(resolve);
    });
  return { ws, next };
}

async function register(username: string, password: string): Promise<{ ws: WebSocket; status: number }> {
  const { ws, next } = await connect();
  const domain = service.domain;
  const callId = randomBytes(8).toString('hex');
  const request = (cseq: number, authorization?: string) =>
    [
      `REGISTER sip:${domain} SIP/2.0`,
      `Via: SIP/2.0/WS ${callId}.invalid;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `From: <sip:${username}@${domain}>;tag=${callId}`,
      `To: <sip:${username}@${domain}>`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${username}@${callId}.invalid;transport=ws>;expires=300`,
      'Expires: 300',
      ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');

  ws.send(request(1));
  const challenge = await next();
  expect(challenge).toMatch(/^SIP\/2\.0 401/);
  const headers = challenge.split('\r\n').filter((line) => /^www-authenticate:/i.test(line));
  const md5Challenge = headers.find((h) => !/algorithm="?SHA-256/i.test(h))!;
  const param = (name: string) => new RegExp(`${name}="?([^",]+)"?`, 'i').exec(md5Challenge)?.[1];
  const realm = param('realm')!;
  const nonce = param('nonce')!;
  const opaque = param('opaque');
  const cnonce = randomBytes(8).toString('hex');
  const uri = `sip:${domain}`;
  const ha1 = md5(`${username}:${realm}:${password}`);
  const response = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${md5(`REGISTER:${uri}`)}`);
  const authorization =
    `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", ` +
    `algorithm=MD5, qop=auth, nc=00000001, cnonce="${cnonce}"` +
    (opaque === undefined ? '' : `, opaque="${opaque}"`);
  ws.send(request(2, authorization));
  const reply = await next();
  return { ws, status: Number(/^SIP\/2\.0 (\d{3})/.exec(reply)?.[1]) };
}

describe('session token as SIP password', () => {
  it('registers with the token, shows presence online, then offline when the socket closes', async () => {
    const alice = await service.createAccount('alice');
    const bob = await service.createAccount('bob');
    const presence = async () =>
      (await api.get<DirectoryResponse>('/api/directory?q=alice', { token: bob.token })).body.users[0]!
        .presence;
    expect(await presence()).toBe('offline');

    const changed = new Promise<void>((resolve) => {
      const off = service.service.sip.onPresenceChange((user) => {
        if (user === 'alice' && service.service.sip.presenceOf('alice') === 'online') {
          off();
          resolve();
        }
      });
    });
    // Bob's UI listens on the event stream.
    const events = await fetch(`${service.baseUrl}/api/events?token=${encodeURIComponent(bob.token)}`);
    const reader = events.body!.pipeThrough(new TextDecoderStream()).getReader();
    let streamed = '';

    const { ws, status } = await register('alice', alice.token);
    expect(status).toBe(200);
    await changed;
    expect(await presence()).toBe('online');
    while (!streamed.includes('data: {"username":"alice","presence":"online",')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream ended');
      streamed += value;
    }
    expect(streamed).toContain('event: presence\ndata: {"username":"alice","presence":"online",');
    await reader.cancel();

    const gone = new Promise<void>((resolve) => {
      const off = service.service.sip.onPresenceChange((user) => {
        if (user === 'alice' && service.service.sip.presenceOf('alice') === 'offline') {
          off();
          resolve();
        }
      });
    });
    ws.close();
    await gone;
    expect(await presence()).toBe('offline');
  });

  it('also registers with the account password, and refuses a signed-out token', async () => {
    const carol = await service.createAccount('carol', 'carol-password');
    const withPassword = await register('carol', 'carol-password');
    expect(withPassword.status).toBe(200);
    withPassword.ws.close();

    expect((await api.delete('/api/sessions/current', { token: carol.token })).status).toBe(204);
    const withDeadToken = await register('carol', carol.token);
    expect(withDeadToken.status).not.toBe(200);
    withDeadToken.ws.close();
  });
});
