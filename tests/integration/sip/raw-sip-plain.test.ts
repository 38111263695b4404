/**
 * Hand-written SIP over UDP and TCP against the real service: digest with MD5 alone (plain phones),
 * RFC 3581 rport/received, retransmissions answered by the server transaction, stream framing (split and
 * coalesced messages, RFC 5626 keep-alives), and the malformed-message suite of raw-sip.test.ts: garbage
 * never disturbs another client.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawPlainClient, type PlainProtocol } from '../../support/sip/raw-plain-client.js';
import { buildRequest, digestAnswer, type RawFrame } from '../../support/sip/raw-sip-client.js';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';

const MAX = 4096;
let server: SipTestServer;
const clients: RawPlainClient[] = [];
/** The service's clock, moved by the tests (registrations expire on it). */
let clock = Date.now();

describe.each<PlainProtocol>(['udp', 'tcp'])('raw SIP over %s', (protocol) => {
  beforeEach(async () => {
    clock = Date.now();
    server = await startSipTestServer({
      now: () => clock,
      maxMessageBytes: MAX,
      listeners: [{ protocol, host: '127.0.0.1', port: 0 }],
    });
    server.secrets.addUser('alice', 'alice-password');
    server.secrets.addUser('bob', 'bob-password');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
  });

  async function connect(): Promise<RawPlainClient> {
    const c = await RawPlainClient.connect(protocol, server.port(protocol));
    clients.push(c);
    return c;
  }

  function register(
    c: RawPlainClient,
    user: string,
    o: { auth?: string; branch?: string; rport?: boolean } = {},
  ) {
    return buildRequest({
      method: 'REGISTER',
      ruri: `sip:${server.domain}`,
      from: `sip:${user}@${server.domain}`,
      to: `sip:${user}@${server.domain}`,
      callId: `reg-${c.contactUser}`,
      cseq: c.nextCSeq(),
      viaHost: c.viaHost + (o.rport ? ';rport' : ''),
      viaTransport: c.transport,
      ...(o.branch ? { branch: o.branch } : {}),
      headers: [
        `Contact: <sip:${c.contactUser}@${c.viaHost};transport=${protocol}>`,
        'Expires: 600',
        ...(o.auth ? [`Authorization: ${o.auth}`] : []),
      ],
    });
  }

  async function registerWithDigest(c: RawPlainClient, user: string, password: string): Promise<RawFrame> {
    const first = await c.request(register(c, user));
    expect(first.status).toBe(401);
    const auth = digestAnswer(first.header('WWW-Authenticate')!, {
      username: user,
      password,
      method: 'REGISTER',
      uri: `sip:${server.domain}`,
    });
    return c.request(register(c, user, { auth }));
  }

  const options = (c: RawPlainClient, extra: string[] = []): string =>
    buildRequest({
      method: 'OPTIONS',
      ruri: `sip:${server.domain}`,
      from: `sip:alice@${server.domain}`,
      to: `sip:${server.domain}`,
      viaHost: c.viaHost,
      viaTransport: c.transport,
      headers: extra,
    });

  it('challenges with MD5 alone (plain phones refuse SHA-256) and registers with it', async () => {
    const c = await connect();
    const first = await c.request(register(c, 'alice'));
    expect(first.status).toBe(401);
    expect(first.headers('WWW-Authenticate')).toHaveLength(1);
    expect(first.header('WWW-Authenticate')).toContain('algorithm=MD5');
    const ok = await registerWithDigest(c, 'alice', 'alice-password');
    expect(ok.status).toBe(200);
    expect(ok.header('Contact')).toContain(`<sip:${c.contactUser}@${c.viaHost};transport=${protocol}>`);
    expect(server.service.presenceOf('alice')).toBe('online');
  });

  if (protocol === 'udp') {
    it('retransmits a service-sent MESSAGE to a UDP phone that missed it (Timer E) and reports it delivered', async () => {
      const c = await connect();
      expect((await registerWithDigest(c, 'alice', 'alice-password')).status).toBe(200);
      const outcome = server.service.sendToDevices!('alice', {
        fromUri: `sip:parley@${server.domain}`,
        toUri: `sip:alice@${server.domain}`,
        contentType: 'text/plain',
        body: 'stored for you',
        headers: {},
      });
      const first = await c.next((f) => f.method === 'MESSAGE');
      // Lost on the way, as far as the service knows: no answer. The same request comes again.
      const again = await c.next((f) => f.method === 'MESSAGE');
      expect(again.header('Via')).toBe(first.header('Via'));
      expect(again.header('Via')).toMatch(
        new RegExp(`^SIP/2\\.0/UDP 127\\.0\\.0\\.1:${server.port('udp')};`),
      );
      c.send(
        [
          'SIP/2.0 200 OK',
          `Via: ${again.header('Via')}`,
          `From: ${again.header('From')}`,
          `To: ${again.header('To')};tag=a1`,
          `Call-ID: ${again.header('Call-ID')}`,
          `CSeq: ${again.header('CSeq')}`,
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      );
      expect(await outcome).toEqual({ outcome: 'delivered', status: 200, reason: 'OK' });
    });
  }

  it('drops a binding whose phone stopped refreshing when its registration expires (no socket tells us)', async () => {
    const c = await connect();
    expect((await registerWithDigest(c, 'alice', 'alice-password')).status).toBe(200);
    clock += 599_000;
    expect(server.service.presenceOf('alice')).toBe('online');
    clock += 2_000;
    expect(server.service.presenceOf('alice')).toBe('offline');
  });

  it('accepts a registration whose domain is the listener address (a phone configured with an IP)', async () => {
    const c = await connect();
    const host = `127.0.0.1:${server.port(protocol)}`;
    const reg = (auth?: string) =>
      buildRequest({
        method: 'REGISTER',
        ruri: `sip:${host}`,
        from: `sip:bob@${host}`,
        to: `sip:bob@${host}`,
        callId: `ip-${c.contactUser}`,
        cseq: c.nextCSeq(),
        viaHost: c.viaHost,
        viaTransport: c.transport,
        headers: [`Contact: <sip:bob@${c.viaHost}>`, ...(auth ? [`Authorization: ${auth}`] : [])],
      });
    const challenge = (await c.request(reg())).header('WWW-Authenticate')!;
    const auth = digestAnswer(challenge, {
      username: 'bob',
      password: 'bob-password',
      method: 'REGISTER',
      uri: `sip:${host}`,
    });
    expect((await c.request(reg(auth))).status).toBe(200);
    expect(server.service.presenceOf('bob')).toBe('online');
  });

  it('fills rport and received in the Via of the response (RFC 3581)', async () => {
    const c = await connect();
    const res = await c.request(register(c, 'alice', { rport: true }));
    const port = c.viaHost.split(':')[1];
    expect(res.header('Via')).toMatch(new RegExp(`;rport=${port}`));
    expect(res.header('Via')).toContain(';received=127.0.0.1');
  });

  if (protocol === 'udp') {
    it('answers a retransmitted request with the same response (server transaction, §17.2.2)', async () => {
      const c = await connect();
      const text = register(c, 'alice', { branch: 'z9hG4bKretransmit1' });
      const first = await c.request(text);
      c.send(text);
      const again = await c.next();
      expect(again.text).toBe(first.text);
    });
  }

  it('answers 400 to malformed requests and 513 to oversized ones, drops malformed responses — and another client keeps working', async () => {
    const victim = await connect();
    expect((await registerWithDigest(victim, 'bob', 'bob-password')).status).toBe(200);
    let bad = await connect();
    /**
     * Over TCP a message that does not parse also ends its connection (RFC 3261 §18.3: the next bytes
     * may be the rest of it; security/stream-desync.test.ts): each bad message then gets a connection.
     */
    const answerThenClose = async (): Promise<void> => {
      if (protocol !== 'tcp') return;
      await bad.closed;
      bad = await connect();
    };
    const via = (): string => `Via: SIP/2.0/${bad.transport} ${bad.viaHost};branch=`;
    bad.send(
      `INVITE sip:bob@parley.test SIP/2.0\r\n${via()}z9hG4bKbad1\r\nFrom: <<<\r\nTo: <sip:bob@parley.test>\r\nCall-ID: bad1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`,
    );
    expect((await bad.next()).status).toBe(400);
    await answerThenClose();
    bad.send(
      `OPTIONS sip:parley.test SIP/2.0\r\n${via()}z9hG4bKbad2\r\nCall-ID: bad2\r\nContent-Length: 0\r\n\r\n`,
    );
    expect((await bad.next()).status).toBe(400);
    await answerThenClose();
    if (protocol === 'udp') {
      // A datagram whose Content-Length promises more than arrived (§18.3): 400.
      bad.send(options(bad).replace('Content-Length: 0', 'Content-Length: 500') + 'v=0');
      const truncated = await bad.next();
      expect(truncated.status).toBe(400);
      expect(truncated.text).toContain('Truncated');
    }
    bad.send(options(bad, [`X-Pad: ${'a'.repeat(MAX + 100)}`]));
    expect((await bad.next()).status).toBe(513);
    await answerThenClose();
    bad.send(
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP parley.test;branch=z9hG4bKnothing\r\nCSeq: nonsense\r\nContent-Length: 0\r\n\r\n',
    );
    await answerThenClose();
    expect((await victim.request(options(victim))).status).toBe(200);
    expect((await bad.request(options(bad))).status).toBe(200);
    expect(bad.frames.size).toBe(0);
    if (protocol === 'tcp') {
      // Not SIP at all: that connection is closed; a message beyond 4× the limit too.
      bad.send('\u0000\u0001 hello, this is not SIP\r\n\r\n');
      await bad.closed;
      const huge = await connect();
      huge.send('x'.repeat(MAX * 5));
      await huge.closed;
    }
    expect(server.service.presenceOf('bob')).toBe('online');
    expect((await victim.request(options(victim))).status).toBe(200);
  });

  if (protocol === 'tcp') {
    it('frames a message split over many segments and several messages in one segment; pongs a CRLF ping', async () => {
      const c = await connect();
      const one = options(c, ['X-Which: one']);
      c.send(one, 17);
      const r1 = await c.next();
      expect(r1.status).toBe(200);
      const two = options(c, ['X-Which: two']);
      const three = options(c, ['X-Which: three']);
      const pong = c.nextPong();
      c.send('\r\n\r\n');
      await pong;
      c.send(two + three);
      const answers = [await c.next(), await c.next()];
      expect(answers.map((a) => a.header('Call-ID'))).toEqual([
        /Call-ID: (\S+)/.exec(two)![1],
        /Call-ID: (\S+)/.exec(three)![1],
      ]);
      expect(c.pongCount).toBe(1);
    });
  }
});
