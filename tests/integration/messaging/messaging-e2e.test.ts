/**
 * Messaging end to end against the REAL service (`startTestService()`): real phone engines in Node
 * (SIP.js over `ws`, digest auth with the session token) with a `MessagingClient` on `engine.messaging`
 * ⇄ the real SIP proxy (auth, store-and-forward, forking to devices) ⇄ MessagingService on `parley.db`,
 * with the history API over real HTTP (bearer token).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE_ID_HEADER, TEXT_CONTENT_TYPE } from '../../../common/messaging-types.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';
import { buildRequest, RawSipClient } from '../../support/sip/raw-sip-client.js';
import { startMessagingPeer, type MessagingPeer } from './support/messaging-peer.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function service(): Promise<TestService> {
  const s = await startTestService({ domain: 'parley.test' });
  cleanups.push(() => s.stop());
  return s;
}

const tokens = new Map<string, string>();
async function account(s: TestService, user: string): Promise<void> {
  tokens.set(`${s.baseUrl}|${user}`, (await s.createAccount(user)).token);
}

async function peer(s: TestService, user: string): Promise<MessagingPeer> {
  const token = tokens.get(`${s.baseUrl}|${user}`);
  if (!token) throw new Error(`no account ${user}`);
  const p = await startMessagingPeer({
    user,
    token,
    baseUrl: s.baseUrl,
    sipUrl: s.sipUrl,
    domain: s.domain,
  });
  cleanups.push(() => p.stop());
  return p;
}

const conv = (m: MessagingPeer, other: string) =>
  m.client.getSnapshot().conversations.find((c) => c.peer === other);
const incoming = (m: MessagingPeer, other: string) =>
  (conv(m, other)?.messages ?? []).filter((x) => x.direction === 'incoming');
const outgoing = (m: MessagingPeer, other: string) =>
  (conv(m, other)?.messages ?? []).filter((x) => x.direction === 'outgoing');

describe('messaging end to end (engines ⇄ real service)', () => {
  it('exchanges 200 messages in both directions at once: none lost, none duplicated, order kept, all delivered', async () => {
    const s = await service();
    await account(s, 'alice');
    await account(s, 'bob');
    const alice = await peer(s, 'alice');
    const bob = await peer(s, 'bob');
    const N = 200;
    for (let i = 0; i < N; i++) {
      expect(alice.client.send('bob', `a→b ${i}`).ok).toBe(true);
      expect(bob.client.send('alice', `b→a ${i}`).ok).toBe(true);
    }
    // 20/s per sender after a burst of 20: the clients wait on 503 + Retry-After and resend.
    await expect.poll(() => incoming(bob, 'alice').length, { timeout: 45_000, interval: 100 }).toBe(N);
    await expect.poll(() => incoming(alice, 'bob').length, { timeout: 45_000, interval: 100 }).toBe(N);
    expect(incoming(bob, 'alice').map((m) => m.body)).toEqual([...Array(N).keys()].map((i) => `a→b ${i}`));
    expect(incoming(alice, 'bob').map((m) => m.body)).toEqual([...Array(N).keys()].map((i) => `b→a ${i}`));
    await expect
      .poll(
        () =>
          outgoing(alice, 'bob').every((m) => m.state === 'delivered') &&
          outgoing(bob, 'alice').every((m) => m.state === 'delivered'),
        { timeout: 10_000 },
      )
      .toBe(true);
    // Each device got each message exactly once (counted before the client's dedup).
    expect(bob.arrivals.size).toBe(N);
    expect(alice.arrivals.size).toBe(N);
    expect([...bob.arrivals.values(), ...alice.arrivals.values()].every((n) => n === 1)).toBe(true);
    expect(await s.service.messaging.pendingFor('alice')).toEqual([]);
    expect(await s.service.messaging.pendingFor('bob')).toEqual([]);
  }, 60_000);

  it("shows typing, clears it on the message, and turns the sender's message read when the recipient opens it", async () => {
    const s = await service();
    await account(s, 'alice');
    await account(s, 'bob');
    const alice = await peer(s, 'alice');
    const bob = await peer(s, 'bob');
    bob.client.setInView(false);
    alice.client.setDraft('bob', 'h');
    await expect.poll(() => conv(bob, 'alice')?.peerTyping).toBe(true);
    alice.client.send('bob', 'hello https://example.com');
    await expect.poll(() => incoming(bob, 'alice').length).toBe(1);
    expect(conv(bob, 'alice')).toMatchObject({ peerTyping: false, unread: 1 });
    await expect.poll(() => outgoing(alice, 'bob')[0]?.state).toBe('delivered');
    // The service's unread count (GET /api/conversations) agrees before the conversation is opened.
    expect((await s.service.messaging.conversations('bob')).totalUnread).toBe(1);
    bob.client.setInView(true);
    await bob.client.open('alice');
    expect(conv(bob, 'alice')?.unread).toBe(0);
    await expect.poll(() => outgoing(alice, 'bob')[0]?.state).toBe('read');
    expect((await s.service.messaging.conversations('bob')).totalUnread).toBe(0);
  });

  it('stores for an offline user and delivers in order, exactly once, after a service restart; a retried id is stored once', async () => {
    const s = await service();
    await account(s, 'alice');
    await account(s, 'bob');
    const alice = await peer(s, 'alice');
    for (const body of ['one', 'two', 'three']) alice.client.send('bob', body);
    await expect.poll(() => outgoing(alice, 'bob').map((m) => m.state)).toEqual(['sent', 'sent', 'sent']);
    const raw = (id: string) =>
      alice.transport.sendMessage(
        `sip:bob@${s.domain}`,
        'four',
        { [MESSAGE_ID_HEADER]: id },
        TEXT_CONTENT_TYPE,
      );
    expect((await raw('retry-me')).code).toBe(202);
    expect((await raw('retry-me')).code).toBe(200);
    await alice.stop();
    await s.restart();

    const alice2 = await peer(s, 'alice');
    await alice2.client.loadConversations();
    await alice2.client.open('bob');
    expect(outgoing(alice2, 'bob').map((m) => `${m.body}:${m.state}`)).toEqual([
      'one:sent',
      'two:sent',
      'three:sent',
      'four:sent',
    ]);
    const bob = await peer(s, 'bob');
    await expect
      .poll(() => incoming(bob, 'alice').map((m) => m.body))
      .toEqual(['one', 'two', 'three', 'four']);
    await expect.poll(() => outgoing(alice2, 'bob').every((m) => m.state === 'delivered')).toBe(true);
    expect([...bob.arrivals.values()]).toEqual([1, 1, 1, 1]);
    // History survives for the recipient too (another device, after the restart).
    const page = await s.service.messaging.page('bob', 'alice');
    expect(page.messages.map((m) => m.body)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('refuses over-size (413), other content types (415), unknown users (404) and malformed frames (400), while other messages keep flowing', async () => {
    const s = await service();
    await account(s, 'alice');
    await account(s, 'bob');
    const alice = await peer(s, 'alice');
    const bob = await peer(s, 'bob');
    const send = (to: string, body: string, id: string, type = TEXT_CONTENT_TYPE) =>
      alice.transport.sendMessage(`sip:${to}@${s.domain}`, body, { [MESSAGE_ID_HEADER]: id }, type);

    // A steady stream runs while the bad requests arrive.
    const stream = [...Array(10).keys()].map((i) => `ok ${i}`);
    for (const body of stream.slice(0, 5)) alice.client.send('bob', body);
    expect((await send('bob', 'x'.repeat(4001), 'big')).code).toBe(413);
    expect((await send('bob', '<b>hi</b>', 'html', 'text/html')).code).toBe(415);
    expect((await send('nobody', 'hi', 'n')).code).toBe(404);
    // The service's agents take calls, not chat: refused, never stored and retried forever.
    await s.service.accounts.ensureAgentAccount('voicemail', 'agent-password-123');
    expect((await send('voicemail', 'hi', 'vm')).code).toBe(404);
    const raw = await RawSipClient.connect(s.sipUrl);
    cleanups.push(async () => raw.close());
    const malformed = buildRequest({
      method: 'MESSAGE',
      ruri: `sip:bob@${s.domain}`,
      from: `sip:alice@${s.domain}`,
      to: `sip:bob@${s.domain}`,
      headers: ['Content-Type: text/plain', 'CSeq: banana'],
      body: 'bad',
    }).replace(/CSeq: 1 MESSAGE\r\n/, '');
    raw.send(malformed);
    expect((await raw.next((f) => f.status >= 200)).status).toBe(400);
    for (const body of stream.slice(5)) alice.client.send('bob', body);
    await expect.poll(() => incoming(bob, 'alice').map((m) => m.body)).toEqual(stream);
    // Nothing refused was stored.
    expect((await s.service.messaging.page('bob', 'alice')).messages.map((m) => m.body)).toEqual(stream);
  });

  it('keeps history behind authentication: 401 without a token, pages and unread counts with one', async () => {
    const s = await service();
    await account(s, 'alice');
    await account(s, 'bob');
    expect((await fetch(`${s.baseUrl}/api/conversations`)).status).toBe(401);
    const alice = await peer(s, 'alice');
    alice.client.send('bob', 'hello');
    await expect.poll(() => outgoing(alice, 'bob')[0]?.state).toBe('sent');
    const bobToken = tokens.get(`${s.baseUrl}|bob`)!;
    const res = await fetch(`${s.baseUrl}/api/conversations`, {
      headers: { Authorization: `Bearer ${bobToken}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ totalUnread: 1, conversations: [{ peer: 'alice', unread: 1 }] });
    const read = await fetch(`${s.baseUrl}/api/conversations/alice/read`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bobToken}` },
    });
    expect(await read.json()).toEqual({ marked: 1 });
  });
});
