/**
 * Store contract, part 2 (messages and delivery leases): the same tests against SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../server/src/store/open-store.js';
import { openFresh, storeBackends } from './backends.js';

const { backends } = storeBackends();

describe.each(backends)('store contract ($name): messages', (backend) => {
  it('stores idempotently per (sender, id), keeps pending in acceptance order, and tracks state', async () => {
    const { messages } = await openFresh(backend);
    const a = await messages.insert('alice', 'bob', 'm1', 'hello', 10);
    expect(a).toMatchObject({
      created: true,
      message: { id: 'm1', from: 'alice', to: 'bob', state: 'sent' },
    });
    expect(await messages.insert('alice', 'bob', 'm1', 'other body', 11)).toEqual({ ...a, created: false });
    await messages.insert('carol', 'bob', 'm1', 'same id, other sender', 12);
    await messages.insert('alice', 'bob', 'm2', 'second', 13);
    const pending = await messages.pendingFor('bob');
    expect(pending.map((m) => m.body)).toEqual(['hello', 'same id, other sender', 'second']);
    expect(pending.map((m) => m.seq)).toEqual([...pending.map((m) => m.seq)].sort((x, y) => x - y));
    expect((await messages.pendingFor('bob', 1, pending[0]!.seq)).map((m) => m.body)).toEqual([
      'same id, other sender',
    ]);

    expect(await messages.markDelivered(pending[0]!.seq, 20)).toBe(true);
    expect(await messages.markDelivered(pending[0]!.seq, 21)).toBe(false);
    expect(await messages.markFailed(pending[1]!.seq, 415, 'Unsupported Media Type', 22)).toBe(true);
    expect(await messages.find('carol', 'm1')).toMatchObject({
      state: 'failed',
      failure: { status: 415, reason: 'Unsupported Media Type' },
    });
    expect((await messages.pendingFor('bob')).map((m) => m.id)).toEqual(['m2']);
    expect(await messages.clearFailure(pending[1]!.seq)).toBe(true);
    expect((await messages.pendingFor('bob')).map((m) => m.body)).toEqual([
      'same id, other sender',
      'second',
    ]);
    expect(await messages.bySeq(pending[0]!.seq)).toMatchObject({ state: 'delivered' });
    expect(await messages.bySeq(999_999)).toBeUndefined();
  });

  it('marks read, pages history and lists conversations with unread counts', async () => {
    const { messages } = await openFresh(backend);
    for (let i = 0; i < 5; i++) await messages.insert('alice', 'bob', `a${i}`, `a says ${i}`, 100 + i);
    await messages.insert('bob', 'alice', 'b0', 'bob answers', 200);
    await messages.insert('carol', 'bob', 'c0', 'carol here', 300);
    expect(await messages.totalUnread('bob')).toBe(6);
    const convs = await messages.conversations('bob');
    expect(convs.map((c) => [c.peer, c.unread, c.lastMessage.body])).toEqual([
      ['carol', 1, 'carol here'],
      ['alice', 5, 'bob answers'],
    ]);
    const read = await messages.markRead('bob', 'alice', 400);
    expect(read.map((r) => r.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(await messages.markRead('bob', 'alice', 401)).toEqual([]);
    expect(await messages.totalUnread('bob')).toBe(1);
    const newest = await messages.page('bob', 'alice', Number.MAX_SAFE_INTEGER, 4);
    expect(newest.hasMore).toBe(true);
    expect(newest.messages.map((m) => m.id)).toEqual(['a2', 'a3', 'a4', 'b0']);
    const older = await messages.page('bob', 'alice', newest.messages[0]!.seq, 4);
    expect(older).toEqual({
      hasMore: false,
      messages: [expect.objectContaining({ id: 'a0', state: 'read' }), expect.objectContaining({ id: 'a1' })],
    });
  });

  it('gives a recipient’s delivery lease to one holder at a time, and to another once it ran out', async () => {
    const where = await backend.fresh();
    const one = await openStore(where);
    const two = await openStore(where); // a second service instance on the same database
    const tries = await Promise.all(
      Array.from({ length: 10 }, (_v, i) =>
        (i % 2 ? one : two).messages.claimDelivery('bob', `h${i}`, 1000, 31_000),
      ),
    );
    expect(tries.filter(Boolean)).toHaveLength(1);
    const winner = `h${tries.indexOf(true)}`;
    expect(await two.messages.claimDelivery('bob', 'other', 2000, 32_000)).toBe(false);
    expect(await one.messages.claimDelivery('bob', winner, 3000, 33_000)).toBe(true); // renewal
    expect(await two.messages.claimDelivery('bob', 'other', 33_000, 63_000)).toBe(true); // expired
    await two.messages.releaseDelivery('bob', winner); // not the holder any more: no effect
    expect(await one.messages.claimDelivery('bob', winner, 34_000, 64_000)).toBe(false);
    await two.messages.releaseDelivery('bob', 'other');
    expect(await one.messages.claimDelivery('bob', winner, 35_000, 65_000)).toBe(true);
    expect(await one.messages.claimDelivery('carol', 'other', 35_000, 65_000)).toBe(true); // per recipient
    await one.close();
    await two.close();
  });
});
