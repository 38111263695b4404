/**
 * Hand-written SIP over a raw WebSocket against the real service: the registrar and digest on the
 * wire, request validation, and robustness (garbage, truncated and huge frames never disturb
 * another client).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';
import { buildRequest, digestAnswer, RawSipClient, type RawFrame } from '../../support/sip/raw-sip-client.js';

let server: SipTestServer;
const clients: RawSipClient[] = [];

async function connect(): Promise<RawSipClient> {
  const c = await RawSipClient.connect(server.url);
  clients.push(c);
  return c;
}

function register(
  c: RawSipClient,
  user: string,
  extra: { expires?: number; contact?: string; callId?: string; authUser?: string } = {},
): string {
  const d = server.domain;
  return buildRequest({
    method: 'REGISTER',
    ruri: `sip:${d}`,
    from: `sip:${user}@${d}`,
    to: `sip:${user}@${d}`,
    callId: extra.callId ?? `reg-${c.contactUser}`,
    cseq: c.nextCSeq(),
    viaHost: c.viaHost,
    headers: [
      `Contact: ${extra.contact ?? `<sip:${c.contactUser}@${c.viaHost};transport=ws>`}`,
      `Expires: ${extra.expires ?? 600}`,
    ],
  });
}

/** REGISTER → 401 → REGISTER with digest (the challenge of `algorithm`) → final response. */
async function registerWithDigest(
  c: RawSipClient,
  user: string,
  password: string,
  algorithm: 'MD5' | 'SHA-256' = 'MD5',
  extra: { expires?: number; authUser?: string; contact?: string } = {},
): Promise<RawFrame> {
  const first = await c.request(register(c, user, extra));
  expect(first.status).toBe(401);
  const challenge = first.headers('WWW-Authenticate').find((h) => h.includes(`algorithm=${algorithm}`));
  expect(challenge).toBeDefined();
  const auth = digestAnswer(challenge!, {
    username: extra.authUser ?? user,
    password,
    method: 'REGISTER',
    uri: `sip:${server.domain}`,
  });
  const req = register(c, user, extra).replace('\r\n\r\n', `\r\nAuthorization: ${auth}\r\n\r\n`);
  return c.request(req);
}

/**
 * Sends `build()` unauthenticated, answers its 407 with alice's credentials (the MD5 challenge, the last
 * one offered) and returns the authenticated request's text, ready to send.
 */
async function withProxyAuth(
  c: RawSipClient,
  build: (auth?: string) => string,
  method: string,
  uri: string,
): Promise<string> {
  const challenge = (await c.request(build())).headers('Proxy-Authenticate')[1]!;
  return build(digestAnswer(challenge, { username: 'alice', password: 'alice-password', method, uri }));
}

function options(
  c: RawSipClient,
  ruri: string,
  extra: { maxForwards?: number; headers?: string[] } = {},
): string {
  return buildRequest({
    method: 'OPTIONS',
    ruri,
    from: `sip:alice@${server.domain}`,
    to: ruri,
    viaHost: c.viaHost,
    ...(extra.maxForwards !== undefined ? { maxForwards: extra.maxForwards } : {}),
    ...(extra.headers ? { headers: extra.headers } : {}),
  });
}

describe('raw SIP over WebSocket', () => {
  beforeEach(async () => {
    server = await startSipTestServer();
    server.secrets.addUser('alice', 'alice-password', ['alice-session-token']);
    server.secrets.addUser('bob', 'bob-password');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
  });

  it('refuses an upgrade without the sip subprotocol', async () => {
    const ws = new WebSocket(server.url, ['chat']);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(400);
  });

  it('challenges REGISTER with SHA-256 first and MD5 last, and accepts both answers', async () => {
    const c = await connect();
    const first = await c.request(register(c, 'alice'));
    expect(first.status).toBe(401);
    const challenges = first.headers('WWW-Authenticate');
    expect(challenges).toHaveLength(2);
    expect(challenges[0]).toContain('algorithm=SHA-256');
    expect(challenges[1]).toContain('algorithm=MD5');
    expect(challenges[1]).toContain('qop="auth"');
    expect(challenges[1]).toContain(`realm="${server.domain}"`);
    const md5 = await registerWithDigest(c, 'alice', 'alice-password', 'MD5');
    expect(md5.status).toBe(200);
    expect(md5.header('Contact')).toMatch(
      new RegExp(`<sip:${c.contactUser}@${c.viaHost};transport=ws>;expires=(600|599)`),
    );
    const sha = await registerWithDigest(c, 'alice', 'alice-password', 'SHA-256');
    expect(sha.status).toBe(200);
    expect(server.service.presenceOf('alice')).toBe('online');
  });

  it('accepts a session token as the digest password (every HA1 of the source is tried)', async () => {
    const c = await connect();
    expect((await registerWithDigest(c, 'alice', 'alice-session-token')).status).toBe(200);
  });

  it('refuses a wrong password with 403 and registers nothing', async () => {
    const c = await connect();
    expect((await registerWithDigest(c, 'alice', 'wrong')).status).toBe(403);
    expect(server.service.presenceOf('alice')).toBe('offline');
  });

  it('limits password guessing over SIP like HTTP sign-in: after 10 wrong answers even the right one gets 403', async () => {
    const c = await connect();
    for (let i = 0; i < 10; i++) {
      expect((await registerWithDigest(c, 'alice', `guess-${i}`)).status).toBe(403);
    }
    expect((await registerWithDigest(c, 'alice', 'alice-password')).status).toBe(403);
    expect(server.service.presenceOf('alice')).toBe('offline');
    // Only that user is held back: another one registers from the same address.
    expect((await registerWithDigest(c, 'bob', 'bob-password')).status).toBe(200);
  });

  it("refuses to register someone else's address of record (403)", async () => {
    const c = await connect();
    // bob authenticates correctly but asks to bind alice's AOR.
    const res = await registerWithDigest(c, 'alice', 'bob-password', 'MD5', { authUser: 'bob' });
    expect(res.status).toBe(403);
    expect(server.service.presenceOf('alice')).toBe('offline');
  });

  it("routes a call to an address of record to that user's devices even when someone registered it as their contact", async () => {
    server.secrets.addUser('mallory', 'mallory-password');
    const bob = await connect();
    expect((await registerWithDigest(bob, 'bob', 'bob-password')).status).toBe(200);
    // Mallory binds her own AOR to a Contact that spells bob's address of record.
    const mallory = await connect();
    const contact = `<sip:bob@${server.domain}>`;
    expect(
      (await registerWithDigest(mallory, 'mallory', 'mallory-password', 'MD5', { contact })).status,
    ).toBe(200);

    const alice = await connect();
    const invite = (auth?: string): string =>
      buildRequest({
        method: 'INVITE',
        ruri: `sip:bob@${server.domain}`,
        from: `sip:alice@${server.domain}`,
        to: `sip:bob@${server.domain}`,
        callId: 'hijack-1',
        viaHost: alice.viaHost,
        headers: [
          `Contact: <sip:${alice.contactUser}@${alice.viaHost};transport=ws>`,
          ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
        ],
      });
    alice.send(await withProxyAuth(alice, invite, 'INVITE', `sip:bob@${server.domain}`));
    const isInvite = (f: RawFrame): boolean => f.method === 'INVITE';
    const first = await Promise.race([
      bob.next(isInvite).then(() => 'bob'),
      mallory.next(isInvite).then(() => 'mallory'),
    ]);
    expect(first).toBe('bob');
  });

  it("refuses (403 with a reason) a REGISTER whose Contact is another user's live binding, so requests to that contact still reach its owner", async () => {
    server.secrets.addUser('mallory', 'mallory-password');
    const bob = await connect();
    const bobContact = `<sip:${bob.contactUser}@${bob.viaHost};transport=ws>`;
    expect((await registerWithDigest(bob, 'bob', 'bob-password')).status).toBe(200);

    // Mallory copies bob's Contact (host in another case: equal per RFC 3261 §19.1.4).
    const mallory = await connect();
    const copy = `<sip:${bob.contactUser}@${bob.viaHost.toUpperCase()};transport=ws>`;
    const refused = await registerWithDigest(mallory, 'mallory', 'mallory-password', 'MD5', {
      contact: copy,
    });
    expect(refused.status).toBe(403);
    expect(refused.text.split('\r\n')[0]).toBe('SIP/2.0 403 Forbidden (Contact Bound To Another User)');
    expect(server.service.presenceOf('mallory')).toBe('offline');
    // Her own contact is fine.
    expect((await registerWithDigest(mallory, 'mallory', 'mallory-password')).status).toBe(200);

    // A request addressed to that contact goes to bob, and only to bob. An ACK to it outside any dialog
    // the proxy knows goes nowhere (an ACK cannot be challenged, so it must not reach a device
    // unauthenticated): the authenticated MESSAGE sent after it is the first thing bob sees.
    const alice = await connect();
    const to = `sip:bob@${server.domain}`;
    const ack = buildRequest({
      method: 'ACK',
      ruri: bobContact.slice(1, -1),
      from: `sip:alice@${server.domain}`,
      to,
      callId: 'contact-hijack-ack',
      viaHost: alice.viaHost,
    }).replace(`To: <${to}>`, `To: <${to}>;tag=dialog1`);
    const message = (auth?: string): string =>
      buildRequest({
        method: 'MESSAGE',
        ruri: bobContact.slice(1, -1),
        from: `sip:alice@${server.domain}`,
        to,
        callId: 'contact-hijack-message',
        viaHost: alice.viaHost,
        headers: ['Content-Type: text/plain', ...(auth ? [`Proxy-Authorization: ${auth}`] : [])],
        body: 'hello',
      });
    const signed = await withProxyAuth(alice, message, 'MESSAGE', bobContact.slice(1, -1));
    const marked = (f: RawFrame): boolean =>
      (f.method === 'ACK' || f.method === 'MESSAGE') &&
      f.header('Call-ID')?.startsWith('contact-hijack') === true;
    const toMallory = mallory.next(marked).then(() => 'mallory');
    alice.send(ack);
    alice.send(signed);
    const first = await Promise.race([bob.next(marked).then((f) => `bob ${f.method ?? ''}`), toMallory]);
    expect(first).toBe('bob MESSAGE');
  });

  it('does not let a Record-Route token carry an unauthenticated new request with a forged From', async () => {
    const bob = await connect();
    expect((await registerWithDigest(bob, 'bob', 'bob-password')).status).toBe(200);
    const alice = await connect();
    const ruri = `sip:bob@${server.domain}`;
    const invite = (auth?: string): string =>
      buildRequest({
        method: 'INVITE',
        ruri,
        from: `sip:alice@${server.domain}`,
        to: ruri,
        callId: 'token-1',
        viaHost: alice.viaHost,
        headers: [
          `Contact: <sip:${alice.contactUser}@${alice.viaHost};transport=ws>`,
          ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
        ],
      });
    alice.send(await withProxyAuth(alice, invite, 'INVITE', ruri));
    // Bob's phone rings: its 180 carries the Record-Route (the flow token) back to alice.
    const incoming = await bob.next((f) => f.method === 'INVITE');
    const recordRoute = incoming.header('Record-Route')!;
    bob.send(
      [
        'SIP/2.0 180 Ringing',
        ...incoming.headers('Via').map((v) => `Via: ${v}`),
        `Record-Route: ${recordRoute}`,
        `From: ${incoming.header('From')}`,
        `To: ${incoming.header('To')};tag=bob1`,
        'Call-ID: token-1',
        `CSeq: ${incoming.header('CSeq')}`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const ringing = await alice.next((f) => f.status === 180);
    expect(ringing.header('Record-Route')).toBe(recordRoute);

    // Alice now sends, without credentials, a new MESSAGE routed by that token and signed "carol".
    const forged = buildRequest({
      method: 'MESSAGE',
      ruri: incoming.text.split(' ')[1]!,
      from: `sip:carol@${server.domain}`,
      to: ruri,
      callId: 'forged-1',
      viaHost: alice.viaHost,
      headers: [`Route: ${recordRoute}`, 'Content-Type: text/plain'],
      body: 'hi, it is carol',
    });
    expect((await alice.request(forged)).status).toBe(407);
    // Bob's next frame is the proxy's CANCEL of the ringing call when alice hangs up, not the forgery.
    alice.close();
    expect((await bob.next((f) => f.method !== undefined && f.method !== 'INVITE')).method).toBe('CANCEL');
  });

  it('lists several devices, refreshes, removes one with Expires: 0, then all with *', async () => {
    const a = await connect();
    const b = await connect();
    expect((await registerWithDigest(a, 'alice', 'alice-password')).status).toBe(200);
    const both = await registerWithDigest(b, 'alice', 'alice-password');
    expect(both.headers('Contact')).toHaveLength(2);
    const gone = await registerWithDigest(a, 'alice', 'alice-password', 'MD5', { expires: 0 });
    expect(gone.headers('Contact')).toHaveLength(1);
    expect(gone.header('Contact')).toContain(b.contactUser);
    const wildcard = (c: RawSipClient, auth: string): string =>
      register(c, 'alice', { contact: '*', expires: 0 }).replace(
        '\r\n\r\n',
        `\r\nAuthorization: ${auth}\r\n\r\n`,
      );
    const challenge = (await a.request(register(a, 'alice', { contact: '*', expires: 0 }))).headers(
      'WWW-Authenticate',
    )[1]!;
    const auth = digestAnswer(challenge, {
      username: 'alice',
      password: 'alice-password',
      method: 'REGISTER',
      uri: `sip:${server.domain}`,
    });
    const cleared = await a.request(wildcard(a, auth));
    expect(cleared.status).toBe(200);
    expect(cleared.headers('Contact')).toHaveLength(0);
    expect(server.service.presenceOf('alice')).toBe('offline');
  });

  it('answers 423 with Min-Expires for too short a registration', async () => {
    const c = await connect();
    const res = await registerWithDigest(c, 'alice', 'alice-password', 'MD5', { expires: 5 });
    expect(res.status).toBe(423);
    expect(res.header('Min-Expires')).toBe('60');
  });

  it('answers OPTIONS to the service itself without authentication, and Max-Forwards 0 OPTIONS too', async () => {
    const c = await connect();
    const res = await c.request(options(c, `sip:${server.domain}`));
    expect(res.status).toBe(200);
    expect(res.header('Allow')).toContain('INVITE');
    expect(res.header('To')).toMatch(/;tag=/);
    expect((await c.request(options(c, `sip:bob@${server.domain}`, { maxForwards: 0 }))).status).toBe(200);
  });

  it('applies §16.3: 483 when Max-Forwards is 0, 420 for Proxy-Require, 407 before routing', async () => {
    const c = await connect();
    const msg = (mf: number, headers: string[] = []): string =>
      buildRequest({
        method: 'MESSAGE',
        ruri: `sip:bob@${server.domain}`,
        from: `sip:alice@${server.domain}`,
        to: `sip:bob@${server.domain}`,
        maxForwards: mf,
        viaHost: c.viaHost,
        headers,
        body: 'hi',
      });
    expect((await c.request(msg(0))).status).toBe(483);
    const unsupported = await c.request(msg(70, ['Proxy-Require: foo']));
    expect(unsupported.status).toBe(420);
    expect(unsupported.header('Unsupported')).toBe('foo');
    const challenged = await c.request(msg(70));
    expect(challenged.status).toBe(407);
    expect(challenged.headers('Proxy-Authenticate').map((h) => /algorithm=([\w-]+)/.exec(h)?.[1])).toEqual([
      'SHA-256',
      'MD5',
    ]);
  });

  it('is no open relay: an authenticated request to another domain gets 403', async () => {
    const c = await connect();
    const req = (auth?: string): string =>
      buildRequest({
        method: 'MESSAGE',
        ruri: 'sip:someone@elsewhere.example',
        from: `sip:alice@${server.domain}`,
        to: 'sip:someone@elsewhere.example',
        callId: 'relay-1',
        viaHost: c.viaHost,
        headers: auth ? [`Proxy-Authorization: ${auth}`] : [],
        body: 'x',
      });
    const res = await c.request(await withProxyAuth(c, req, 'MESSAGE', 'sip:someone@elsewhere.example'));
    expect(res.status).toBe(403);
  });

  it('answers 400 to garbage headers and a truncated body, closes on non-SIP, 513/1009 on huge frames — and another client keeps working', async () => {
    const victim = await connect();
    expect((await registerWithDigest(victim, 'bob', 'bob-password')).status).toBe(200);
    const bad = await connect();

    // A request line with nonsense headers: 400 with a reason.
    bad.send(
      'INVITE sip:bob@parley.test SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bKbad1\r\nFrom: <<<\r\nTo: <sip:bob@parley.test>\r\nCall-ID: bad1\r\nCSeq: 1 INVITE\r\n\r\n',
    );
    const r1 = await bad.next();
    expect(r1.status).toBe(400);
    // Missing mandatory fields.
    bad.send(
      'OPTIONS sip:parley.test SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bKbad2\r\nCall-ID: bad2\r\n\r\n',
    );
    expect((await bad.next()).status).toBe(400);
    // Truncated: Content-Length promises more than arrived.
    const truncated =
      options(bad, `sip:${server.domain}`).replace('Content-Length: 0', 'Content-Length: 500') + 'v=0';
    bad.send(truncated);
    const r3 = await bad.next();
    expect(r3.status).toBe(400);
    expect(r3.text).toContain('Truncated');
    // Truncated in the middle of the header.
    bad.send(
      'OPTIONS sip:parley.test SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bKbad4\r\nFrom: <sip:a@parley.test>;tag=1\r\nTo: <sip:parley.test>\r\nCall-ID: bad4\r\nCSe',
    );
    expect((await bad.next()).status).toBe(400);
    // A message over the size limit but within the frame limit: 513.
    const big = options(bad, `sip:${server.domain}`, { headers: [`X-Pad: ${'a'.repeat(70_000)}`] });
    bad.send(big);
    expect((await bad.next()).status).toBe(513);
    // The other client is untouched: OPTIONS through the proxy to bob still works.
    expect((await victim.request(options(victim, `sip:${server.domain}`))).status).toBe(200);

    // Not SIP at all: the flow is closed (1002), bob's flow is not.
    bad.send('\u0000\u0001 hello, this is not SIP');
    expect((await bad.closed).code).toBe(1002);
    // A frame beyond the hard limit: ws closes with 1009.
    const huge = await connect();
    huge.send('x'.repeat(300_000));
    expect((await huge.closed).code).toBe(1009);

    expect(server.service.presenceOf('bob')).toBe('online');
    expect((await victim.request(options(victim, `sip:${server.domain}`))).status).toBe(200);
  });

  it('drops malformed responses silently', async () => {
    const c = await connect();
    c.send('SIP/2.0 200 OK\r\nVia: SIP/2.0/WS parley.test;branch=z9hG4bKnothing\r\nCSeq: nonsense\r\n\r\n');
    c.send(
      'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/WS parley.test;branch=z9hG4bKunknown.1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@b>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n',
    );
    // Still served afterwards, and the only frame received is the OPTIONS answer.
    const res = await c.request(options(c, `sip:${server.domain}`));
    expect(res.status).toBe(200);
    expect(c.frames.size).toBe(0);
  });
});
