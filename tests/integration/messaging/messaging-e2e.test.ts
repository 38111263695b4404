/**
 * Messaging end to end over real WebSockets: SIP.js UserAgents in Node (with the SIP.js transport
 * adapter and MessagingClient) ⇄ the real MessagingService (SQLite file), through the stand-in proxy in
 * ./support/mini-sip-server.ts until the real proxy is wired (see server/src/messaging/README.md).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE_ID_HEADER, TEXT_CONTENT_TYPE } from '../../../common/messaging-types.js';
import type { MessagingService } from '../../../server/src/messaging/messaging-service.js';
import { directFetch } from './support/direct-fetch.js';
import { startMiniSipServer, type MiniSipServer } from './support/mini-sip-server.js';
import { startNodeMessenger, type NodeMessenger } from './support/node-messenger.js';

const USERS = ['alice', 'bob'];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

function dbFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-msg-it-')), 'parley.db');
}

async function server(file = dbFile()): Promise<MiniSipServer> {
  const s = await startMiniSipServer({ dbFile: file, users: USERS });
  cleanups.push(() => s.stop());
  return s;
}

async function messenger(s: { current: MiniSipServer }, user: string): Promise<NodeMessenger> {
  const m = await startNodeMessenger({
    user,
    url: s.current.url,
    domain: s.current.domain,
    fetchJson: directFetch((): MessagingService => s.current.messaging, user),
  });
  cleanups.push(() => m.stop());
  return m;
}

const conv = (m: NodeMessenger, peer: string) =>
  m.client.getSnapshot().conversations.find((c) => c.peer === peer);
const incoming = (m: NodeMessenger, peer: string) =>
  (conv(m, peer)?.messages ?? []).filter((x) => x.direction === 'incoming');
const outgoing = (m: NodeMessenger, peer: string) =>
  (conv(m, peer)?.messages ?? []).filter((x) => x.direction === 'outgoing');

describe('messaging end to end (SIP.js ⇄ service)', () => {
  it('exchanges 200 messages in both directions at once: none lost, none duplicated, order kept, all delivered', async () => {
    const s = { current: await server() };
    const alice = await messenger(s, 'alice');
    const bob = await messenger(s, 'bob');
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
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
    expect([...s.current.deliveries.values()].every((n) => n === 1)).toBe(true);
    expect(s.current.deliveries.size).toBe(2 * N);
    expect(s.current.messaging.pendingFor('alice')).toEqual([]);
    expect(s.current.messaging.pendingFor('bob')).toEqual([]);
  }, 60_000);

  it("shows typing, clears it on the message, and turns the sender's message read when the recipient opens it", async () => {
    const s = { current: await server() };
    const alice = await messenger(s, 'alice');
    const bob = await messenger(s, 'bob');
    bob.client.setInView(false);
    alice.client.setDraft('bob', 'h');
    await expect.poll(() => conv(bob, 'alice')?.peerTyping).toBe(true);
    alice.client.send('bob', 'hello https://example.com');
    await expect.poll(() => incoming(bob, 'alice').length).toBe(1);
    expect(conv(bob, 'alice')).toMatchObject({ peerTyping: false, unread: 1 });
    await expect.poll(() => outgoing(alice, 'bob')[0]?.state).toBe('delivered');
    bob.client.setInView(true);
    await bob.client.open('alice');
    expect(conv(bob, 'alice')?.unread).toBe(0);
    await expect.poll(() => outgoing(alice, 'bob')[0]?.state).toBe('read');
  });

  it('stores for an offline user and delivers in order, exactly once, after a service restart; a retried id is stored once', async () => {
    const file = dbFile();
    const s = { current: await server(file) };
    const alice = await messenger(s, 'alice');
    for (const body of ['one', 'two', 'three']) alice.client.send('bob', body);
    await expect.poll(() => outgoing(alice, 'bob').map((m) => m.state)).toEqual(['sent', 'sent', 'sent']);
    const raw = (id: string) =>
      alice.transport.sendMessage(
        'sip:bob@parley.test',
        'four',
        { [MESSAGE_ID_HEADER]: id },
        TEXT_CONTENT_TYPE,
      );
    expect((await raw('retry-me')).code).toBe(202);
    expect((await raw('retry-me')).code).toBe(200);
    await alice.stop();
    await s.current.stop();

    s.current = await server(file);
    const alice2 = await messenger(s, 'alice');
    await alice2.client.loadConversations();
    await alice2.client.open('bob');
    expect(outgoing(alice2, 'bob').map((m) => `${m.body}:${m.state}`)).toEqual([
      'one:sent',
      'two:sent',
      'three:sent',
      'four:sent',
    ]);
    const bob = await messenger(s, 'bob');
    await expect
      .poll(() => incoming(bob, 'alice').map((m) => m.body))
      .toEqual(['one', 'two', 'three', 'four']);
    await expect.poll(() => outgoing(alice2, 'bob').every((m) => m.state === 'delivered')).toBe(true);
    expect([...s.current.deliveries.values()]).toEqual([1, 1, 1, 1]);
  });

  it('refuses an over-size body with 413 and another content type with 415, while other messages keep flowing', async () => {
    const s = { current: await server() };
    const alice = await messenger(s, 'alice');
    const bob = await messenger(s, 'bob');
    const big = await alice.transport.sendMessage(
      'sip:bob@parley.test',
      'x'.repeat(4001),
      { [MESSAGE_ID_HEADER]: 'big' },
      TEXT_CONTENT_TYPE,
    );
    expect(big.code).toBe(413);
    const html = await alice.transport.sendMessage(
      'sip:bob@parley.test',
      '<b>hi</b>',
      { [MESSAGE_ID_HEADER]: 'html' },
      'text/html',
    );
    expect(html.code).toBe(415);
    const nobody = await alice.transport.sendMessage(
      'sip:nobody@parley.test',
      'hi',
      { [MESSAGE_ID_HEADER]: 'n' },
      TEXT_CONTENT_TYPE,
    );
    expect(nobody.code).toBe(404);
    alice.client.send('bob', 'still here');
    await expect.poll(() => incoming(bob, 'alice').map((m) => m.body)).toEqual(['still here']);
  });
});
