/**
 * The two store backends for the contract suite: SQLite in a fresh folder, PostgreSQL (one throw-away
 * server per test file, tests/support/postgres) in a fresh database. Each test gets an empty store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../../../server/src/store/open-store.js';
import type { AccountRecord, Store, SubscriberRecord } from '../../../server/src/store/store.js';
import { startPostgres, type TestPostgres } from '../../support/postgres/start-postgres.js';

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** Where a fresh store lives: a folder (SQLite) or a database URL (PostgreSQL). */
  fresh(): Promise<{ dataDir: string; databaseUrl?: string }>;
}

/** Registers the PostgreSQL server's lifetime with the file's hooks; returns both backends. */
export function storeBackends(): { backends: Backend[]; postgres: () => TestPostgres } {
  let pg: TestPostgres | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-'));
    dirs.push(dir);
    return dir;
  };
  const postgres = (): TestPostgres => {
    if (!pg) throw new Error('PostgreSQL did not start');
    return pg;
  };
  return {
    postgres,
    backends: [
      { name: 'sqlite', fresh: async () => ({ dataDir: tempDir() }) },
      {
        name: 'postgres',
        fresh: async () => ({ dataDir: tempDir(), databaseUrl: await postgres().createDatabase() }),
      },
    ],
  };
}

export async function openFresh(backend: Backend): Promise<Store> {
  return openStore(await backend.fresh());
}

export const account = (username: string, displayName = username): AccountRecord => ({
  username,
  displayName,
  email: '',
  passwordHash: 'h',
  passwordSalt: 's',
  passwordParams: '{}',
  realm: 'localhost',
  ha1Md5: `md5-${username}`,
  ha1Sha256: `sha-${username}`,
  createdAt: 1_700_000_000_000,
});

export const subscriber = (username: string): SubscriberRecord => ({
  username,
  domain: 'localhost',
  ha1: `md5-${username}`,
  ha1b: `b-${username}`,
});
