/**
 * Store contract, part 3 (voicemail box and SMTP outbox claims): the same tests against SQLite and
 * PostgreSQL. On PostgreSQL the claims are also raced from two store instances on one database.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../server/src/store/open-store.js';
import type { OutboxEntry, Store } from '../../../server/src/store/store.js';
import { openFresh, storeBackends } from './backends.js';

const { backends } = storeBackends();

const entry = (
  id: string,
  createdAt: number,
  callee = 'bob',
): Omit<OutboxEntry, 'attempts' | 'nextAttemptAt' | 'sentAt'> => ({
  id,
  createdAt,
  recipient: `${callee}@mail.test`,
  callee,
  callerName: 'Alice',
  callerUri: 'sip:alice@parley.test',
  startedAt: createdAt - 5000,
  durationMs: 4000,
  audio: Buffer.from(`OggS audio of ${id}`),
});

describe.each(backends)('store contract ($name): voicemail and outbox', (backend) => {
  it('lists a user’s voicemails with state, counts heard ones, hides deleted ones and drops them', async () => {
    const { voicemail, outbox } = await openFresh(backend);
    await outbox.enqueue(entry('v1', 10_000));
    await outbox.enqueue(entry('v2', 20_000));
    await outbox.enqueue(entry('v3', 30_000, 'carol'));
    expect((await voicemail.list('bob')).map((v) => [v.id, v.peaks, v.size])).toEqual([
      ['v2', null, Buffer.byteLength('OggS audio of v2')],
      ['v1', null, Buffer.byteLength('OggS audio of v1')],
    ]);
    expect(await voicemail.recording('v1')).toEqual({
      callee: 'bob',
      audio: Buffer.from('OggS audio of v1'),
    });
    await voicemail.savePeaks('v1', 'bob', '[1,2]');
    await voicemail.savePeaks('v2', 'bob', '[3]');
    await voicemail.savePeaks('v2', 'bob', '[4]');
    await voicemail.markHeard('v1', 'bob', 50);
    await voicemail.markHeard('v1', 'bob', 60); // the first time stays
    expect(await voicemail.one('bob', 'v1')).toMatchObject({ peaks: '[1,2]', heardAt: 50, sentAt: null });
    expect(await voicemail.one('carol', 'v1')).toBeUndefined();
    expect(await voicemail.summary('bob')).toEqual({ newCount: 1, totalCount: 2 });
    expect(await voicemail.summary('nobody')).toEqual({ newCount: 0, totalCount: 0 });
    expect(await voicemail.audio('bob', 'v2')).toEqual(Buffer.from('OggS audio of v2'));
    expect(await voicemail.audio('carol', 'v2')).toBeUndefined();

    await voicemail.markDeleted('v2', 'bob', 70);
    expect(await voicemail.isDeleted('v2')).toBe(true);
    expect((await voicemail.list('bob')).map((v) => v.id)).toEqual(['v1']);
    expect(await voicemail.audio('bob', 'v2')).toBeUndefined();
    await voicemail.drop('v2');
    expect(await outbox.audioOf('v2')).toBeUndefined();
    expect(await voicemail.isDeleted('v2')).toBe(false);
  });

  it('keeps ring times and greetings per user', async () => {
    const { voicemail } = await openFresh(backend);
    expect(await voicemail.ringTimeoutSec('bob')).toBeUndefined();
    await voicemail.setRingTimeoutSec('bob', 25);
    await voicemail.setRingTimeoutSec('bob', 30);
    await voicemail.setRingTimeoutSec('carol', 5);
    expect(await voicemail.ringTimeoutSec('bob')).toBe(30);
    expect(await voicemail.allRingTimeouts()).toEqual(
      new Map([
        ['bob', 30],
        ['carol', 5],
      ]),
    );
    const audio = Buffer.from([0, 1, 2, 255, 0, 7]);
    await voicemail.setGreeting('bob', audio, 1);
    expect(await voicemail.greeting('bob')).toEqual(audio);
    await voicemail.setGreeting('bob', Buffer.from([9]), 2);
    expect(await voicemail.greeting('bob')).toEqual(Buffer.from([9]));
    await voicemail.deleteGreeting('bob');
    expect(await voicemail.greeting('bob')).toBeUndefined();
  });

  it('claims each due outbox entry for one holder at a time, in due order, until sent or the claim runs out', async () => {
    const { outbox } = await openFresh(backend);
    await outbox.enqueue(entry('late', 2000));
    await outbox.enqueue(entry('early', 1000));
    expect(await outbox.nextDueAt()).toBe(1000);
    expect(await outbox.claimNextDue('A', 500, 10_000)).toBeUndefined(); // nothing due yet
    const first = await outbox.claimNextDue('A', 5000, 10_000);
    expect(first?.id).toBe('early');
    expect((await outbox.claimNextDue('B', 5000, 10_000))?.id).toBe('late');
    expect(await outbox.claimNextDue('C', 5000, 10_000)).toBeUndefined(); // both claimed
    expect(await outbox.markSent('early', 'B', 6000)).toBe(false); // not B's claim
    expect(await outbox.markSent('early', 'A', 6000)).toBe(true);
    await outbox.markFailed('late', 'B', 1, 20_000, 'ECONNREFUSED');
    expect(await outbox.claimNextDue('C', 15_000, 30_000)).toBeUndefined(); // backing off
    const again = await outbox.claimNextDue('C', 20_000, 30_000);
    expect(again).toMatchObject({ id: 'late', attempts: 1 });
    // C dies holding it: after the claim runs out, D takes it over.
    expect(await outbox.claimNextDue('D', 29_999, 40_000)).toBeUndefined();
    expect((await outbox.claimNextDue('D', 30_000, 40_000))?.id).toBe('late');
    expect(await outbox.pendingCount()).toBe(1);
    expect((await outbox.listFor('bob')).map((v) => [v.id, v.sentAt])).toEqual([
      ['late', null],
      ['early', 6000],
    ]);
  });

  it('hands each of 40 entries to exactly one of several concurrent claimers', async () => {
    const where = await backend.fresh();
    // PostgreSQL: two store instances (two pools) race; SQLite: one file, one handle per process.
    const stores: Store[] = [await openStore(where)];
    if (backend.name === 'postgres') stores.push(await openStore(where));
    for (let i = 0; i < 40; i++) await stores[0]!.outbox.enqueue(entry(`e${i}`, 1000 + i));
    const claimed: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_v, worker) => {
        const store = stores[worker % stores.length]!;
        for (;;) {
          const got = await store.outbox.claimNextDue(`w${worker}`, 5000, 60_000);
          if (!got) return;
          claimed.push(got.id);
          expect(await store.outbox.markSent(got.id, `w${worker}`, 5001)).toBe(true);
        }
      }),
    );
    expect(claimed.sort()).toEqual(Array.from({ length: 40 }, (_v, i) => `e${i}`).sort());
    expect(await stores[0]!.outbox.pendingCount()).toBe(0);
    for (const store of stores) await store.close();
  });
});
