/**
 * A WebSocket (WebRTC) client and a UDP (plain RTP) client in one call through the real service:
 * the Record-Route set is double (RFC 5658: one value per transport), the SDP goes through the media
 * relay hook both ways (a fake relay here that marks what it rewrote), in-dialog requests (ACK,
 * re-INVITE, BYE) reach both sides along the route set, and the relay is told when the call ends.
 * Without a relay, such a call is refused with 488 and a Warning saying what to install.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamFramer } from '../../../server/src/sip/transport/stream-framer.js';
import type { MediaLeg, MediaRelayHook } from '../../../server/src/sip/sip-service-contract.js';
import { RawPlainClient } from '../../support/sip/raw-plain-client.js';
import {
  buildRequest,
  digestAnswer,
  RawSipClient,
  readFrame,
  type RawFrame,
} from '../../support/sip/raw-sip-client.js';
import { Inbox } from '../../support/sip/sipjs-phone.js';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

interface FakeRelay extends MediaRelayHook {
  readonly calls: string[];
}

function fakeRelay(): FakeRelay {
  const calls: string[] = [];
  return {
    calls,
    offer: async (leg: MediaLeg, sdp, from, to) => {
      calls.push(`offer ${from}→${to} ${leg.toTag ? 'in-dialog' : 'initial'}`);
      return sdp + `a=relayed:offer-${from}-to-${to}\r\n`;
    },
    answer: async (_leg, sdp, from, to) => {
      calls.push(`answer ${from}→${to}`);
      return sdp + `a=relayed:answer-${from}-to-${to}\r\n`;
    },
    delete: async (leg) => {
      calls.push(`delete ${leg.callId}`);
    },
  };
}

let server: SipTestServer;
const closers: Array<() => void> = [];

afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await server.close();
});

async function start(mediaRelay?: MediaRelayHook) {
  server = await startSipTestServer({
    listeners: [
      { protocol: 'udp', host: '127.0.0.1', port: 0 },
      { protocol: 'tcp', host: '127.0.0.1', port: 0 },
    ],
    ...(mediaRelay ? { mediaRelay } : {}),
  });
  server.secrets.addUser('alice', 'alice-password');
  server.secrets.addUser('bob', 'bob-password');
  const alice = await RawSipClient.connect(server.url);
  const bob = await RawPlainClient.connect('udp', server.port('udp'));
  closers.push(
    () => alice.close(),
    () => bob.close(),
  );
  // Bob's phone registers over UDP with digest (MD5).
  const register = (auth?: string) =>
    buildRequest({
      method: 'REGISTER',
      ruri: `sip:${server.domain}`,
      from: `sip:bob@${server.domain}`,
      to: `sip:bob@${server.domain}`,
      callId: 'bob-reg',
      cseq: bob.nextCSeq(),
      viaHost: bob.viaHost,
      viaTransport: 'UDP',
      headers: [
        `Contact: <sip:bob@${bob.viaHost}>`,
        'Expires: 600',
        ...(auth ? [`Authorization: ${auth}`] : []),
      ],
    });
  const challenge = (await bob.request(register())).header('WWW-Authenticate')!;
  const auth = digestAnswer(challenge, {
    username: 'bob',
    password: 'bob-password',
    method: 'REGISTER',
    uri: `sip:${server.domain}`,
  });
  expect((await bob.request(register(auth))).status).toBe(200);
  return { alice, bob };
}

/** Alice's INVITE (WS) with an SDP offer, answered 407 once, then sent with credentials. */
async function inviteBob(alice: RawSipClient, callId: string): Promise<string> {
  const ruri = `sip:bob@${server.domain}`;
  const invite = (auth?: string) =>
    buildRequest({
      method: 'INVITE',
      ruri,
      from: `sip:alice@${server.domain}`,
      to: ruri,
      callId,
      viaHost: alice.viaHost,
      headers: [
        `Contact: <sip:${alice.contactUser}@${alice.viaHost};transport=ws>`,
        'Content-Type: application/sdp',
        ...(auth ? [`Proxy-Authorization: ${auth}`] : []),
      ],
      body: SDP,
    });
  const challenge = (await alice.request(invite())).headers('Proxy-Authenticate')[1]!;
  const text = invite(
    digestAnswer(challenge, { username: 'alice', password: 'alice-password', method: 'INVITE', uri: ruri }),
  );
  alice.send(text);
  return text;
}

/** A response from a UA to a request it received, echoing the Record-Route set (§12.1.1). */
function answer(req: RawFrame, status: string, toTag: string, contact: string, body = ''): string {
  return [
    `SIP/2.0 ${status}`,
    ...req.headers('Via').map((v) => `Via: ${v}`),
    ...req.headers('Record-Route').map((r) => `Record-Route: ${r}`),
    `From: ${req.header('From')}`,
    `To: ${req.header('To')}${/;tag=/.test(req.header('To') ?? '') ? '' : `;tag=${toTag}`}`,
    `Call-ID: ${req.header('Call-ID')}`,
    `CSeq: ${req.header('CSeq')}`,
    `Contact: ${contact}`,
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

/** An in-dialog request along a route set (§12.2.1.1). */
function inDialog(o: {
  method: string;
  target: string;
  routes: string[];
  from: string;
  to: string;
  callId: string;
  cseq: number;
  via: { host: string; transport: string };
  body?: string;
}): string {
  const body = o.body ?? '';
  return [
    `${o.method} ${o.target} SIP/2.0`,
    `Via: SIP/2.0/${o.via.transport} ${o.via.host};branch=z9hG4bK${Math.random().toString(36).slice(2)}`,
    ...o.routes.map((r) => `Route: ${r}`),
    'Max-Forwards: 70',
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${o.cseq} ${o.method}`,
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

const uri = (nameAddr: string): string => /<([^>]+)>/.exec(nameAddr)![1]!;

describe('a call between a WebSocket and a UDP client', () => {
  it('double Record-Route, SDP through the relay both ways, re-INVITE and BYE reach both, relay told at the end', async () => {
    const relay = fakeRelay();
    const { alice, bob } = await start(relay);
    await inviteBob(alice, 'x-call-1');

    const incoming = await bob.next((f) => f.method === 'INVITE');
    const rr = incoming.headers('Record-Route');
    expect(rr).toHaveLength(2);
    expect(rr[0]).toMatch(new RegExp(`@127\\.0\\.0\\.1:${server.port('udp')};transport=udp;lr>$`));
    expect(rr[1]).toMatch(new RegExp(`@${server.domain};transport=ws;lr>$`));
    expect(incoming.header('Via')).toMatch(/^SIP\/2\.0\/UDP 127\.0\.0\.1:\d+;branch=z9hG4bK.*;rport$/);
    expect(incoming.text).toContain('a=relayed:offer-webrtc-to-plain');

    const bobContact = `<sip:bob@${bob.viaHost}>`;
    bob.send(answer(incoming, '200 OK', 'bobtag', bobContact, SDP));
    const ok = await alice.next((f) => f.status === 200 && f.header('CSeq') === '1 INVITE');
    expect(ok.headers('Record-Route')).toEqual(rr);
    expect(ok.text).toContain('a=relayed:answer-plain-to-webrtc');

    // The caller's route set is the Record-Route reversed (§12.1.2): the WebSocket-facing value first.
    const aliceRoutes = [...rr].reverse();
    const aliceFrom = incoming.header('From')!;
    const aliceTo = ok.header('To')!;
    const aliceVia = { host: alice.viaHost, transport: 'WS' };
    const bobTarget = uri(ok.header('Contact')!);
    alice.send(
      inDialog({
        method: 'ACK',
        target: bobTarget,
        routes: aliceRoutes,
        from: aliceFrom,
        to: aliceTo,
        callId: 'x-call-1',
        cseq: 1,
        via: aliceVia,
      }),
    );
    expect((await bob.next((f) => f.method === 'ACK')).header('Route')).toBeUndefined();

    // Re-INVITE from the WebSocket side: a fresh offer through the relay, answered through it.
    alice.send(
      inDialog({
        method: 'INVITE',
        target: bobTarget,
        routes: aliceRoutes,
        from: aliceFrom,
        to: aliceTo,
        callId: 'x-call-1',
        cseq: 2,
        via: aliceVia,
        body: SDP,
      }),
    );
    const reinvite = await bob.next((f) => f.method === 'INVITE');
    expect(reinvite.header('CSeq')).toBe('2 INVITE');
    expect(reinvite.text).toContain('a=relayed:offer-webrtc-to-plain');
    bob.send(answer(reinvite, '200 OK', 'bobtag', bobContact, SDP));
    const reOk = await alice.next((f) => f.status === 200 && f.header('CSeq') === '2 INVITE');
    expect(reOk.text).toContain('a=relayed:answer-plain-to-webrtc');
    alice.send(
      inDialog({
        method: 'ACK',
        target: bobTarget,
        routes: aliceRoutes,
        from: aliceFrom,
        to: aliceTo,
        callId: 'x-call-1',
        cseq: 2,
        via: aliceVia,
      }),
    );
    await bob.next((f) => f.method === 'ACK');

    // BYE from the UDP side along its route set (the Record-Route as received): reaches alice.
    bob.send(
      inDialog({
        method: 'BYE',
        target: `sip:${alice.contactUser}@${alice.viaHost};transport=ws`,
        routes: rr,
        from: aliceTo,
        to: aliceFrom,
        callId: 'x-call-1',
        cseq: 1,
        via: { host: bob.viaHost, transport: 'UDP' },
      }),
    );
    const bye = await alice.next((f) => f.method === 'BYE');
    alice.send(answer(bye, '200 OK', 'unused', `<sip:${alice.contactUser}@${alice.viaHost};transport=ws>`));
    expect((await bob.next((f) => f.status === 200 && f.header('CSeq') === '1 BYE')).status).toBe(200);
    expect(relay.calls).toEqual([
      'offer webrtc→plain initial',
      'answer plain→webrtc',
      'offer webrtc→plain in-dialog',
      'answer plain→webrtc',
      'delete x-call-1',
    ]);
  });

  it('tells the relay when the callee refuses the call', async () => {
    const relay = fakeRelay();
    const { alice, bob } = await start(relay);
    await inviteBob(alice, 'x-call-2');
    const incoming = await bob.next((f) => f.method === 'INVITE');
    bob.send(answer(incoming, '486 Busy Here', 'bobtag', `<sip:bob@${bob.viaHost}>`));
    expect((await alice.next((f) => f.status >= 400 && f.header('CSeq') === '1 INVITE')).status).toBe(486);
    expect(relay.calls).toEqual(['offer webrtc→plain initial', 'delete x-call-2']);
  });

  it('tells the relay when the caller cancels the call', async () => {
    const relay = fakeRelay();
    const { alice, bob } = await start(relay);
    const invite = await inviteBob(alice, 'x-call-4');
    const incoming = await bob.next((f) => f.method === 'INVITE');
    bob.send(answer(incoming, '180 Ringing', 'bobtag', `<sip:bob@${bob.viaHost}>`));
    await alice.next((f) => f.status === 180);
    // CANCEL: the INVITE's Request-URI, Call-ID, From, To, CSeq number and top Via (§9.1).
    const head = invite.split('\r\n\r\n')[0]!.split('\r\n');
    const keep = (name: string) => head.filter((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
    alice.send(
      [
        head[0]!.replace('INVITE', 'CANCEL'),
        ...keep('Via'),
        'Max-Forwards: 70',
        ...keep('From'),
        ...keep('To'),
        ...keep('Call-ID'),
        'CSeq: 1 CANCEL',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const cancel = await bob.next((f) => f.method === 'CANCEL');
    bob.send(answer(cancel, '200 OK', 'bobtag', `<sip:bob@${bob.viaHost}>`));
    bob.send(answer(incoming, '487 Request Terminated', 'bobtag', `<sip:bob@${bob.viaHost}>`));
    expect((await alice.next((f) => f.status === 487)).header('CSeq')).toBe('1 INVITE');
    expect(relay.calls).toEqual(['offer webrtc→plain initial', 'delete x-call-4']);
  });

  it('sends a request over 1300 bytes to a UDP phone over TCP to the same address (§18.1.1), a small one over UDP', async () => {
    const { alice, bob } = await start();
    // Bob's phone also takes TCP on its SIP port, as phones do.
    const received = new Inbox<RawFrame>();
    const tcpSocket = new Promise<net.Socket>((resolve) => {
      const listener = net.createServer((socket) => {
        const framer = new StreamFramer(100_000);
        socket.on('data', (d: Buffer) => {
          for (const e of framer.push(d)) if (e.kind === 'message') received.push(readFrame(e.text));
        });
        resolve(socket);
      });
      listener.listen(Number(bob.viaHost.split(':')[1]), '127.0.0.1');
      closers.push(() => listener.close());
    });
    const message = async (callId: string, body: string): Promise<string> => {
      const ruri = `sip:bob@${server.domain}`;
      const build = (auth?: string) =>
        buildRequest({
          method: 'MESSAGE',
          ruri,
          from: `sip:alice@${server.domain}`,
          to: ruri,
          callId,
          viaHost: alice.viaHost,
          headers: ['Content-Type: text/plain', ...(auth ? [`Proxy-Authorization: ${auth}`] : [])],
          body,
        });
      const challenge = (await alice.request(build())).headers('Proxy-Authenticate')[1]!;
      const text = build(
        digestAnswer(challenge, {
          username: 'alice',
          password: 'alice-password',
          method: 'MESSAGE',
          uri: ruri,
        }),
      );
      alice.send(text);
      return text;
    };
    await message('small-1', 'hello');
    const small = await bob.next((f) => f.method === 'MESSAGE');
    expect(small.header('Via')).toMatch(/^SIP\/2\.0\/UDP /);
    bob.send(answer(small, '200 OK', 'b1', `<sip:bob@${bob.viaHost}>`));
    expect((await alice.next((f) => f.header('Call-ID') === 'small-1')).status).toBe(200);

    await message('large-1', 'x'.repeat(1500));
    const socket = await tcpSocket;
    const large = await received.next();
    expect(large.method).toBe('MESSAGE');
    expect(large.header('Via')).toMatch(
      new RegExp(`^SIP/2\\.0/TCP 127\\.0\\.0\\.1:${server.port('tcp')};branch=`),
    );
    socket.write(answer(large, '200 OK', 'b2', `<sip:bob@${bob.viaHost}>`));
    expect((await alice.next((f) => f.header('Call-ID') === 'large-1')).status).toBe(200);
  });

  it('refuses the call with 488 and a Warning naming rtpengine when no relay is configured', async () => {
    const { alice, bob } = await start();
    await inviteBob(alice, 'x-call-3');
    const refused = await alice.next((f) => f.status >= 400 && f.header('CSeq') === '1 INVITE');
    expect(refused.status).toBe(488);
    expect(refused.header('Warning')).toContain('install rtpengine-daemon and set PARLEY_RTPENGINE');
    expect(bob.frames.size).toBe(0);
  });
});
