/**
 * Store contract, call history (migration 5): the same tests against SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { CallHistoryRecord } from '../../../server/src/store/call-history-repository.js';
import { createCallHistoryRepository } from '../../../server/src/store/call-history-repository.js';
import { openPostgresDatabase } from '../../../server/src/store/postgres-database.js';
import { openSqliteDatabase } from '../../../server/src/store/sqlite-database.js';
import { migrate } from '../../../server/src/store/migrations.js';
import { openFresh, storeBackends } from './backends.js';
import path from 'node:path';

const { backends } = storeBackends();

const row = (id: string, startedAt: number, over: Partial<CallHistoryRecord> = {}): CallHistoryRecord => ({
  id,
  username: 'bob',
  callId: `call-${id}`,
  direction: 'incoming',
  outcome: 'answered',
  peerUsername: 'alice',
  peerUri: 'sip:alice@parley.test',
  peerName: null,
  startedAt,
  answeredAt: startedAt + 1000,
  endedAt: null,
  device: 'Parley web',
  answeredBy: null,
  answeredOn: null,
  status: null,
  recordedAt: startedAt + 1000,
  ...over,
});

describe.each(backends)('store contract ($name): call history', (backend) => {
  it('pages newest first, ends both parties’ rows of a call, deletes and clears per user', async () => {
    const { callHistory } = await openFresh(backend);
    await callHistory.add(row('a', 1000));
    await callHistory.add(row('b', 3000));
    await callHistory.add(row('c', 3000));
    await callHistory.add(row('d', 2000, { username: 'alice', direction: 'outgoing', callId: 'call-b' }));
    await callHistory.add(row('e', 4000, { direction: 'missed', outcome: 'cancelled', answeredAt: null }));

    const first = await callHistory.page('bob', 2);
    expect(first.map((r) => r.id)).toEqual(['e', 'c']);
    const last = first.at(-1)!;
    const second = await callHistory.page('bob', 10, { startedAt: last.startedAt, id: last.id });
    expect(second.map((r) => r.id)).toEqual(['b', 'a']);
    expect(second[0]).toMatchObject({ callId: 'call-b', device: 'Parley web', endedAt: null });

    // A BYE ends the answered rows of both parties; a missed row has no end to set.
    const ended = await callHistory.end('call-b', 9000);
    expect(ended.map((r) => [r.username, r.id, r.endedAt]).sort()).toEqual([
      ['alice', 'd', 9000],
      ['bob', 'b', 9000],
    ]);
    expect(await callHistory.end('call-b', 9500)).toEqual([]); // the first end stays
    expect(await callHistory.end('call-e', 9500)).toEqual([]);

    expect(await callHistory.delete('alice', 'b')).toBe(false); // not hers
    expect(await callHistory.delete('bob', 'b')).toBe(true);
    expect((await callHistory.page('bob', 10)).map((r) => r.id)).toEqual(['e', 'c', 'a']);
    expect(await callHistory.clear('bob')).toBe(3);
    expect(await callHistory.page('bob', 10)).toEqual([]);
    expect((await callHistory.page('alice', 10)).map((r) => r.id)).toEqual(['d']);
  });

  it('counts missed calls recorded since the list was last viewed', async () => {
    const { callHistory } = await openFresh(backend);
    const missed = (id: string, at: number): CallHistoryRecord =>
      row(id, at, { direction: 'missed', outcome: 'no-answer', answeredAt: null, recordedAt: at });
    expect(await callHistory.missedUnseen('bob')).toBe(0);
    await callHistory.add(missed('m1', 1000));
    await callHistory.add(missed('m2', 2000));
    await callHistory.add(row('x', 2500));
    expect(await callHistory.missedUnseen('bob')).toBe(2);
    await callHistory.markSeen('bob', 2600);
    expect(await callHistory.missedUnseen('bob')).toBe(0);
    await callHistory.add(missed('m3', 3000));
    expect(await callHistory.missedUnseen('bob')).toBe(1);
    expect(await callHistory.missedUnseen('alice')).toBe(0);
    await callHistory.markSeen('bob', 3100);
    expect(await callHistory.missedUnseen('bob')).toBe(0);
  });

  it('keeps only the newest rows of a user beyond its bound', async () => {
    const where = await backend.fresh();
    const db =
      backend.name === 'sqlite'
        ? openSqliteDatabase(path.join(where.dataDir, 'parley.db'))
        : await openPostgresDatabase({ url: where.databaseUrl! });
    await migrate(db);
    const repo = createCallHistoryRepository(db, 3);
    for (let i = 1; i <= 5; i++) await repo.add(row(`r${i}`, i * 1000));
    await repo.add(row('other', 500, { username: 'carol' }));
    expect((await repo.page('bob', 10)).map((r) => r.id)).toEqual(['r5', 'r4', 'r3']);
    expect((await repo.page('carol', 10)).map((r) => r.id)).toEqual(['other']);
    await db.close();
  });
});
