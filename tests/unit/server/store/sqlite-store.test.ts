import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../server/src/store/migrations.js';
import { openSqliteStore } from '../../../../server/src/store/sqlite-store.js';
import { UsernameTakenError, type AccountRecord } from '../../../../server/src/store/store.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const account = (username: string, displayName = username): AccountRecord => ({
  username,
  displayName,
  email: '',
  passwordHash: 'h',
  passwordSalt: 's',
  passwordParams: '{}',
  realm: 'localhost',
  ha1Md5: `md5-${username}`,
  ha1Sha256: `sha-${username}`,
  createdAt: 1,
});
const subscriber = (username: string) => ({
  username,
  domain: 'localhost',
  ha1: `md5-${username}`,
  ha1b: `b-${username}`,
});

describe('SQLite store', () => {
  it('creates the schema in WAL mode with a version table and Kamailio tables', () => {
    openSqliteStore(dir).close();
    const db = new Database(path.join(dir, 'parley.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM parley_schema').get()).toEqual({ version: MIGRATIONS.length });
    expect(db.prepare("SELECT table_version FROM version WHERE table_name = 'subscriber'").get()).toEqual({
      table_version: 7,
    });
    const columns = (db.prepare('PRAGMA table_info(subscriber)').all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toEqual(['id', 'username', 'domain', 'password', 'ha1', 'ha1b']);
    db.close();
  });

  it('re-opens an existing database without re-running migrations', () => {
    const first = openSqliteStore(dir);
    first.createAccount(account('alice'), subscriber('alice'));
    first.close();
    const second = openSqliteStore(dir);
    expect(second.getAccount('alice')?.displayName).toBe('alice');
    second.close();
  });

  it('writes the account and its subscriber row together, and refuses duplicates', () => {
    const store = openSqliteStore(dir);
    store.createAccount(account('alice'), subscriber('alice'));
    expect(() => store.createAccount(account('alice'), subscriber('alice'))).toThrow(UsernameTakenError);
    store.close();
    const db = new Database(path.join(dir, 'parley.db'), { readonly: true });
    expect(db.prepare('SELECT username, domain, password, ha1, ha1b FROM subscriber').all()).toEqual([
      { username: 'alice', domain: 'localhost', password: '', ha1: 'md5-alice', ha1b: 'b-alice' },
    ]);
    db.close();
  });

  it('searches username and display name case-insensitively, treating % and _ literally', () => {
    const store = openSqliteStore(dir);
    for (const [u, d] of [
      ['alice', 'Alice Liddell'],
      ['bob', 'Bob the Builder'],
      ['carol', 'Carol 100%'],
      ['dan_x', 'Dan'],
    ] as const) {
      store.createAccount(account(u, d), subscriber(u));
    }
    const names = (q: string, exclude = '') => store.searchAccounts(q, exclude, 50).map((a) => a.username);
    expect(names('LIDD')).toEqual(['alice']);
    expect(names('b')).toEqual(['bob']);
    expect(names('')).toEqual(['alice', 'bob', 'carol', 'dan_x']);
    expect(names('', 'bob')).toEqual(['alice', 'carol', 'dan_x']);
    expect(names('%')).toEqual(['carol']);
    expect(names('_')).toEqual(['dan_x']);
    expect(store.searchAccounts('', '', 2)).toHaveLength(2);
    store.close();
  });

  it('keeps sessions until they expire and contacts per owner', () => {
    const store = openSqliteStore(dir);
    store.createAccount(account('alice'), subscriber('alice'));
    store.createAccount(account('bob'), subscriber('bob'));
    const session = {
      tokenHash: 't1',
      username: 'alice',
      createdAt: 0,
      expiresAt: 100,
      realm: 'localhost',
      ha1Md5: 'm',
      ha1Sha256: 's',
    };
    store.createSession(session);
    expect(store.getSession('t1', 99)).toEqual(session);
    expect(store.getSession('t1', 100)).toBeUndefined();
    expect(store.listSessions('alice', 50)).toHaveLength(1);
    expect(store.deleteExpiredSessions(100)).toBe(1);

    store.addContact('alice', 'bob', 1);
    store.addContact('alice', 'bob', 2);
    expect(store.listContacts('alice').map((a) => a.username)).toEqual(['bob']);
    expect(store.contactUsernames('alice')).toEqual(new Set(['bob']));
    expect(store.listContacts('bob')).toEqual([]);
    expect(store.removeContact('alice', 'bob')).toBe(true);
    expect(store.removeContact('alice', 'bob')).toBe(false);
    store.close();
  });
});
