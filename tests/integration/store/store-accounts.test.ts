/**
 * Store contract, part 1 (accounts, sessions, contacts, Kamailio subscriber rows, migrations): the
 * same tests against SQLite and PostgreSQL.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../server/src/store/migrations.js';
import { openStore } from '../../../server/src/store/open-store.js';
import { openPostgresDatabase } from '../../../server/src/store/postgres-database.js';
import { openSqliteDatabase } from '../../../server/src/store/sqlite-database.js';
import { UsernameTakenError } from '../../../server/src/store/store.js';
import { account, openFresh, storeBackends, subscriber } from './backends.js';

const { backends } = storeBackends();

describe.each(backends)('store contract ($name): accounts, sessions, contacts', (backend) => {
  it('writes the account and its subscriber row together, and refuses duplicates (also racing ones)', async () => {
    const store = await openFresh(backend);
    await store.accounts.create(account('alice'), subscriber('alice'));
    await expect(store.accounts.create(account('alice'), subscriber('alice'))).rejects.toThrow(
      UsernameTakenError,
    );
    const race = await Promise.allSettled(
      [1, 2, 3].map(() => store.accounts.create(account('bob'), subscriber('bob'))),
    );
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      race.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason),
    ).toEqual([expect.any(UsernameTakenError), expect.any(UsernameTakenError)]);
    expect(await store.accounts.get('alice')).toEqual(account('alice'));
    expect(await store.accounts.get('nobody')).toBeUndefined();
    expect(await store.accounts.subscriber('alice', 'localhost')).toEqual(subscriber('alice'));
    await store.close();
  });

  it('replaces secrets and the subscriber row in one go, and says when there is no such account', async () => {
    const store = await openFresh(backend);
    await store.accounts.create(account('alice'), subscriber('alice'));
    const secrets = {
      passwordHash: 'h2',
      passwordSalt: 's2',
      passwordParams: '{"N":2}',
      realm: 'corp',
      ha1Md5: 'm2',
      ha1Sha256: 's2',
    };
    const sub = { username: 'alice', domain: 'localhost', ha1: 'new-ha1', ha1b: 'new-ha1b' };
    expect(await store.accounts.updateSecrets('alice', secrets, sub)).toBe(true);
    expect(await store.accounts.get('alice')).toMatchObject(secrets);
    expect(await store.accounts.subscriber('alice', 'localhost')).toEqual(sub);
    expect(await store.accounts.updateSecrets('nobody', secrets, { ...sub, username: 'nobody' })).toBe(false);
    expect(await store.accounts.subscriber('nobody', 'localhost')).toBeUndefined();
    await store.close();
  });

  it('searches username and display name case-insensitively, treating % and _ literally', async () => {
    const store = await openFresh(backend);
    for (const [u, d] of [
      ['alice', 'Alice Liddell'],
      ['bob', 'Bob the Builder'],
      ['carol', 'Carol 100%'],
      ['dan_x', 'Dan'],
    ] as const) {
      await store.accounts.create(account(u, d), subscriber(u));
    }
    const names = async (q: string, exclude = ''): Promise<string[]> =>
      (await store.accounts.search(q, exclude, 50)).map((a) => a.username);
    expect(await names('LIDD')).toEqual(['alice']);
    expect(await names('b')).toEqual(['bob']);
    expect(await names('')).toEqual(['alice', 'bob', 'carol', 'dan_x']);
    expect(await names('', 'bob')).toEqual(['alice', 'carol', 'dan_x']);
    expect(await names('%')).toEqual(['carol']);
    expect(await names('_')).toEqual(['dan_x']);
    expect(await store.accounts.search('', '', 2)).toHaveLength(2);
    await store.close();
  });

  it('keeps sessions until they expire, and contacts per owner (gone with the account owner)', async () => {
    const store = await openFresh(backend);
    await store.accounts.create(account('alice'), subscriber('alice'));
    await store.accounts.create(account('bob'), subscriber('bob'));
    const session = {
      tokenHash: 't1',
      username: 'alice',
      createdAt: 0,
      expiresAt: 1_800_000_000_000,
      realm: 'localhost',
      ha1Md5: 'm',
      ha1Sha256: 's',
    };
    await store.sessions.create(session);
    expect(await store.sessions.get('t1', 1_799_999_999_999)).toEqual(session);
    expect(await store.sessions.get('t1', 1_800_000_000_000)).toBeUndefined();
    expect(await store.sessions.listLive('alice', 50)).toEqual([session]);
    expect(await store.sessions.deleteExpired(1_800_000_000_000)).toBe(1);
    await store.sessions.create(session);
    await store.sessions.delete('t1');
    expect(await store.sessions.listLive('alice', 50)).toEqual([]);

    await store.contacts.add('alice', 'bob', 1);
    await store.contacts.add('alice', 'bob', 2);
    expect((await store.contacts.list('alice')).map((a) => a.username)).toEqual(['bob']);
    expect(await store.contacts.usernames('alice')).toEqual(new Set(['bob']));
    expect(await store.contacts.list('bob')).toEqual([]);
    expect(await store.contacts.remove('alice', 'bob')).toBe(true);
    expect(await store.contacts.remove('alice', 'bob')).toBe(false);
    await expect(store.contacts.add('alice', 'nobody', 3)).rejects.toThrow();
    await store.close();
  });

  it('migrates once to the latest version, reopens without re-running, and refuses a newer schema', async () => {
    const where = await backend.fresh();
    const first = await openStore(where);
    await first.accounts.create(account('alice'), subscriber('alice'));
    await first.close();
    const second = await openStore(where);
    expect((await second.accounts.get('alice'))?.displayName).toBe('alice');
    expect(await second.ping()).toBe(true);
    await second.close();
    if (backend.name === 'postgres') {
      // Two instances starting together on one database migrate one after the other (advisory lock).
      // (SQLite is one process's file: a second connection in the same thread would wait on itself.)
      const other = await backend.fresh();
      const twins = await Promise.all([openStore(other), openStore(other)]);
      await Promise.all(twins.map((s) => s.close()));
    }
    // Versions ascend (a gap is allowed while parallel branches merge; the lead renumbers).
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));

    const db =
      backend.name === 'sqlite'
        ? openSqliteDatabase(path.join(where.dataDir, 'parley.db'))
        : await openPostgresDatabase({ url: where.databaseUrl! });
    expect(await db.get('SELECT version FROM parley_schema')).toEqual({ version: LATEST_SCHEMA_VERSION });
    await db.run('UPDATE parley_schema SET version = ?', [LATEST_SCHEMA_VERSION + 1]);
    await db.close();
    await expect(openStore(where)).rejects.toThrow(/newer than this Parley/);
  });
});
