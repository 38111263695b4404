import { describe, expect, it } from 'vitest';
import { MessagingClient, type FetchJson } from '../../../../renderer/src/messaging/messaging-client.js';
import { FakeTimers, FakeTransport, flush } from './fakes.js';

function setup(fetchJson?: FetchJson) {
  const transport = new FakeTransport();
  const timers = new FakeTimers();
  let n = 0;
  const client = new MessagingClient({
    transport,
    self: 'alice',
    domain: 'example.test',
    timers,
    newId: () => `id-${++n}`,
    ...(fetchJson ? { fetchJson } : {}),
  });
  const conv = (peer: string) => client.getSnapshot().conversations.find((c) => c.peer === peer);
  return { transport, timers, client, conv };
}

describe('MessagingClient sending', () => {
  it('goes sending → sent (with seq) → delivered → read as the service answers and receipts arrive', async () => {
    const { transport, client, conv } = setup();
    const out = client.send('Bob', 'hello');
    expect(out).toEqual({ ok: true, id: 'id-1' });
    expect(conv('bob')?.messages[0]).toMatchObject({
      state: 'sending',
      direction: 'outgoing',
      body: 'hello',
    });
    expect(transport.chat()[0]).toMatchObject({
      target: 'sip:bob@example.test',
      headers: { 'Parley-Message-Id': 'id-1' },
      contentType: 'text/plain;charset=utf-8',
    });
    transport.chat()[0]!.resolve({ code: 202, seq: 7 });
    await flush();
    expect(conv('bob')?.messages[0]).toMatchObject({ state: 'sent', seq: 7 });
    const receipt = (type: string) =>
      transport.deliver(
        'sip:parley@example.test',
        'application/vnd.parley.receipt+json',
        JSON.stringify({ type, peer: 'bob', ids: ['id-1'], at: 1 }),
      );
    receipt('delivered');
    expect(conv('bob')?.messages[0]?.state).toBe('delivered');
    receipt('read');
    expect(conv('bob')?.messages[0]?.state).toBe('read');
    receipt('delivered'); // late receipts never move a state backwards
    expect(conv('bob')?.messages[0]?.state).toBe('read');
  });

  it('ignores receipts that do not come from the service', () => {
    const { transport, client, conv } = setup();
    client.send('bob', 'x');
    transport.deliver(
      'sip:mallory@example.test',
      'application/vnd.parley.receipt+json',
      JSON.stringify({ type: 'read', peer: 'bob', ids: ['id-1'], at: 1 }),
    );
    expect(conv('bob')?.messages[0]?.state).toBe('sending');
  });

  it('sends one at a time in order, waits on 503 + Retry-After and resends the same id', async () => {
    const { transport, timers, client, conv } = setup();
    client.send('bob', 'one');
    client.send('bob', 'two');
    expect(transport.chat()).toHaveLength(1);
    transport.chat()[0]!.resolve({ code: 503, retryAfter: 1 });
    await flush();
    expect(transport.chat()).toHaveLength(1);
    await timers.advance(1000);
    expect(transport.chat()).toHaveLength(2);
    expect(transport.chat()[1]!.headers['Parley-Message-Id']).toBe('id-1');
    transport.chat()[1]!.resolve({ code: 200, seq: 1 });
    await flush();
    expect(transport.chat()[2]!.body).toBe('two');
    transport.chat()[2]!.resolve({ code: 202, seq: 2 });
    await flush();
    expect(conv('bob')?.messages.map((m) => [m.body, m.state])).toEqual([
      ['one', 'sent'],
      ['two', 'sent'],
    ]);
  });

  it('fails with a reason and retries with the same id', async () => {
    const { transport, client, conv } = setup();
    client.send('bob', 'hi');
    transport.chat()[0]!.resolve({ code: 503 });
    await flush();
    expect(conv('bob')?.messages[0]).toMatchObject({ state: 'failed', failure: { reason: 'network' } });
    client.retry('id-1');
    expect(conv('bob')?.messages[0]?.state).toBe('sending');
    expect(conv('bob')?.messages[0]?.failure).toBeUndefined();
    expect(transport.chat()[1]!.headers['Parley-Message-Id']).toBe('id-1');
    transport.chat()[1]!.resolve({ code: 404 });
    await flush();
    expect(conv('bob')?.messages[0]?.failure?.reason).toBe('not-found');
  });

  it('refuses empty and over-4,000-character drafts before sending anything', () => {
    const { transport, client } = setup();
    expect(client.send('bob', '   ')).toMatchObject({ ok: false, code: 'empty' });
    expect(client.send('bob', 'x'.repeat(4001))).toMatchObject({ ok: false, code: 'too-long' });
    expect(transport.sent).toHaveLength(0);
    expect(client.getSnapshot().conversations).toHaveLength(0);
  });
});

describe('MessagingClient receiving', () => {
  const text = (t: FakeTransport, id: string, body: string, seq: number) =>
    t.deliver('sip:bob@example.test', 'text/plain;charset=utf-8', body, {
      'Parley-Message-Id': id,
      'Parley-Seq': String(seq),
    });

  it('dedupes by id, counts unread, notifies, and interleaves by the service order', async () => {
    const { transport, client, conv } = setup();
    const events: boolean[] = [];
    client.onIncomingMessage((e) => events.push(e.inView));
    client.send('bob', 'mine');
    text(transport, 'b1', 'first', 1);
    text(transport, 'b1', 'first', 1);
    transport.chat()[0]!.resolve({ code: 202, seq: 2 });
    await flush();
    text(transport, 'b2', 'third', 3);
    expect(conv('bob')?.messages.map((m) => m.body)).toEqual(['first', 'mine', 'third']);
    expect(conv('bob')?.unread).toBe(2);
    expect(client.getSnapshot().totalUnread).toBe(2);
    expect(events).toEqual([false, false]);
  });

  it('marks read when the conversation is open and in view, coalescing POSTs', async () => {
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const fetchJson: FetchJson = async (path, init) => {
      calls.push(`${init?.method ?? 'GET'} ${path}`);
      if (path.includes('/messages')) return { messages: [], hasMore: false };
      await new Promise<void>((r) => (release = r));
      return { marked: 1 };
    };
    const { transport, client, conv } = setup(fetchJson);
    text(transport, 'b1', 'hello', 1);
    expect(conv('bob')?.unread).toBe(1);
    await client.open('bob');
    expect(conv('bob')?.unread).toBe(0);
    expect(conv('bob')?.messages[0]?.state).toBe('read');
    text(transport, 'b2', 'again', 2);
    text(transport, 'b3', 'and again', 3);
    expect(conv('bob')?.unread).toBe(0);
    release();
    await flush();
    release();
    await flush();
    expect(calls).toEqual([
      'GET /api/conversations/bob/messages?limit=50',
      'POST /api/conversations/bob/read',
      'POST /api/conversations/bob/read',
    ]);
    client.setInView(false);
    text(transport, 'b4', 'while away', 4);
    expect(conv('bob')?.unread).toBe(1);
  });

  it('shows the peer typing until content, idle, or the refresh runs out', async () => {
    const { transport, timers, conv } = setup();
    const composing = (state: string, refresh = '') =>
      transport.deliver(
        'sip:bob@example.test',
        'application/im-iscomposing+xml',
        `<?xml version="1.0"?><isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing"><state>${state}</state>${refresh}</isComposing>`,
      );
    composing('active', '<refresh>60</refresh>');
    expect(conv('bob')?.peerTyping).toBe(true);
    text(transport, 'b1', 'done', 1);
    expect(conv('bob')?.peerTyping).toBe(false);
    composing('active', '<refresh>60</refresh>');
    composing('idle');
    expect(conv('bob')?.peerTyping).toBe(false);
    composing('active', '<refresh>60</refresh>');
    await timers.advance(59_000);
    expect(conv('bob')?.peerTyping).toBe(true);
    await timers.advance(1_000);
    expect(conv('bob')?.peerTyping).toBe(false);
  });
});

describe('MessagingClient typing (ours)', () => {
  it('sends active once, refreshes after the refresh interval, idle after 15 s, nothing after sending', async () => {
    const { transport, timers, client } = setup();
    const states = () => transport.typing().map((s) => /<state>(\w+)</.exec(s.body)?.[1]);
    client.setDraft('bob', 'h');
    client.setDraft('bob', 'he');
    expect(states()).toEqual(['active']);
    expect(transport.typing()[0]!.body).toContain('<refresh>60</refresh>');
    for (let i = 0; i < 6; i++) {
      await timers.advance(10_000);
      client.setDraft('bob', 'hel' + i);
    }
    expect(states()).toEqual(['active', 'active']);
    await timers.advance(15_000);
    expect(states()).toEqual(['active', 'active', 'idle']);
    client.setDraft('bob', 'x');
    client.send('bob', 'x');
    await timers.advance(20_000);
    expect(states()).toEqual(['active', 'active', 'idle', 'active']);
    client.setDraft('bob', 'y');
    client.setDraft('bob', '');
    expect(states()).toEqual(['active', 'active', 'idle', 'active', 'active', 'idle']);
  });
});

describe('MessagingClient history', () => {
  it('loads conversations and pages, merging with live messages without duplicates', async () => {
    const dto = (seq: number, from: string, to: string, state = 'delivered') => ({
      id: `m${seq}`,
      seq,
      from,
      to,
      body: `b${seq}`,
      createdAt: 1000 + seq,
      state,
    });
    const fetchJson: FetchJson = async (path) => {
      if (path === '/api/conversations') {
        return {
          conversations: [{ peer: 'bob', lastMessage: dto(4, 'bob', 'alice'), unread: 1 }],
          totalUnread: 1,
        };
      }
      if (path.includes('before=3'))
        return { messages: [dto(1, 'alice', 'bob', 'read'), dto(2, 'bob', 'alice', 'read')], hasMore: false };
      if (path.includes('/read')) return { marked: 1 };
      return { messages: [dto(3, 'alice', 'bob'), dto(4, 'bob', 'alice')], hasMore: true };
    };
    const { client, conv, transport } = setup(fetchJson);
    await client.loadConversations();
    expect(conv('bob')).toMatchObject({ unread: 1 });
    expect(client.getSnapshot().totalUnread).toBe(1);
    transport.deliver('sip:bob@example.test', 'text/plain', 'b4', {
      'Parley-Message-Id': 'm4',
      'Parley-Seq': '4',
    });
    await client.open('bob');
    expect(conv('bob')?.messages.map((m) => m.seq)).toEqual([3, 4]);
    expect(conv('bob')?.hasMore).toBe(true);
    await client.loadOlder('bob');
    expect(conv('bob')?.messages.map((m) => `${m.direction}:${m.seq}:${m.state}`)).toEqual([
      'outgoing:1:read',
      'incoming:2:read',
      'outgoing:3:delivered',
      'incoming:4:read',
    ]);
    expect(conv('bob')).toMatchObject({ hasMore: false, unread: 0 });
  });
});
