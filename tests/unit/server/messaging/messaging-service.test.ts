import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../../../common/messaging-types.js';
import { makeService } from './helpers.js';

describe('MessagingService.accept', () => {
  it('stores a message with 202 and answers a retry with the same id with 200, storing nothing', async () => {
    const svc = await makeService();
    const first = await svc.accept('alice', 'bob', 'id-1', 'hello');
    expect(first.status).toBe(202);
    const again = await svc.accept('alice', 'bob', 'id-1', 'hello');
    expect(again.status).toBe(200);
    if (first.status !== 202 || again.status !== 200) throw new Error('unreachable');
    expect(again.message.seq).toBe(first.message.seq);
    expect(await svc.pendingFor('bob')).toHaveLength(1);
  });

  it('keeps ids per sender: the same id from two senders is two messages', async () => {
    const svc = await makeService();
    expect((await svc.accept('alice', 'bob', 'same', 'a')).status).toBe(202);
    expect((await svc.accept('carol', 'bob', 'same', 'c')).status).toBe(202);
    expect((await svc.pendingFor('bob')).map((m) => m.body)).toEqual(['a', 'c']);
  });

  it('refuses over-size bodies with 413, counting code points, and accepts exactly the limit', async () => {
    const svc = await makeService();
    expect((await svc.accept('alice', 'bob', 'a', 'x'.repeat(MAX_MESSAGE_CHARS + 1))).status).toBe(413);
    expect((await svc.accept('alice', 'bob', 'b', '😀'.repeat(MAX_MESSAGE_CHARS))).status).toBe(202);
    expect(await svc.pendingFor('bob')).toHaveLength(1);
  });

  it('answers 404 for an unknown user and 400 for an empty body or a bad id', async () => {
    const svc = await makeService();
    expect((await svc.accept('alice', 'nobody', 'a', 'hi')).status).toBe(404);
    expect((await svc.accept('alice', 'bob', 'a', '  \n')).status).toBe(400);
    expect((await svc.accept('alice', 'bob', 'has space', 'hi')).status).toBe(400);
    expect((await svc.accept('alice', 'bob', '', 'hi')).status).toBe(400);
  });

  it('allows a burst of 20 per sender, then 503 with Retry-After, and refills with time', async () => {
    let now = 1_000_000;
    const svc = await makeService({ now: () => now });
    for (let i = 0; i < 20; i++) expect((await svc.accept('alice', 'bob', `m${i}`, 'x')).status).toBe(202);
    const refused = await svc.accept('alice', 'bob', 'm20', 'x');
    expect(refused).toMatchObject({ status: 503, retryAfter: 1 });
    // Other senders are not affected; an idempotent retry is not charged.
    expect((await svc.accept('carol', 'bob', 'c0', 'x')).status).toBe(202);
    expect((await svc.accept('alice', 'bob', 'm0', 'x')).status).toBe(200);
    now += 1000;
    expect((await svc.accept('alice', 'bob', 'm20', 'x')).status).toBe(202);
    expect(await svc.pendingFor('bob')).toHaveLength(22);
  });

  it('keeps pending messages in acceptance order', async () => {
    const svc = await makeService({ rateLimit: { burst: 1000, perSecond: 1000 } });
    for (let i = 0; i < 50; i++) await svc.accept(i % 2 ? 'alice' : 'carol', 'bob', `m${i}`, String(i));
    expect((await svc.pendingFor('bob')).map((m) => Number(m.body))).toEqual([...Array(50).keys()]);
  });
});

describe('MessagingService history', () => {
  it('lists conversations newest first with unread counts, and markRead clears them', async () => {
    const svc = await makeService();
    await svc.accept('alice', 'bob', 'a1', 'hi bob');
    await svc.accept('bob', 'alice', 'b1', 'hi alice');
    await svc.accept('carol', 'bob', 'c1', 'hey');
    await svc.accept('carol', 'bob', 'c2', 'there?');
    const list = await svc.conversations('bob');
    expect(list.conversations.map((c) => [c.peer, c.unread, c.lastMessage.body])).toEqual([
      ['carol', 2, 'there?'],
      ['alice', 1, 'hi alice'],
    ]);
    expect(list.totalUnread).toBe(3);
    const read = await svc.markRead('bob', 'carol');
    expect(read.marked).toBe(2);
    expect((await svc.markRead('bob', 'carol')).marked).toBe(0);
    expect((await svc.conversations('bob')).totalUnread).toBe(1);
    // The sender sees the state change in history.
    expect((await svc.page('carol', 'bob')).messages.map((m) => m.state)).toEqual(['read', 'read']);
  });

  it('pages backwards through a conversation, oldest first within a page', async () => {
    const svc = await makeService({ rateLimit: { burst: 100, perSecond: 100 } });
    for (let i = 0; i < 7; i++)
      await svc.accept(i % 2 ? 'alice' : 'bob', i % 2 ? 'bob' : 'alice', `m${i}`, String(i));
    await svc.accept('carol', 'alice', 'x', 'other conversation');
    const p1 = await svc.page('alice', 'bob', undefined, 3);
    expect(p1.messages.map((m) => m.body)).toEqual(['4', '5', '6']);
    expect(p1.hasMore).toBe(true);
    const p2 = await svc.page('alice', 'bob', p1.messages[0]!.seq, 3);
    expect(p2.messages.map((m) => m.body)).toEqual(['1', '2', '3']);
    const p3 = await svc.page('alice', 'bob', p2.messages[0]!.seq, 3);
    expect(p3).toMatchObject({ hasMore: false });
    expect(p3.messages.map((m) => m.body)).toEqual(['0']);
  });
});
