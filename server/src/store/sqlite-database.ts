/**
 * `SqlDatabase` over one better-sqlite3 connection (the embedded default: one file, WAL mode).
 * better-sqlite3 is synchronous, so a statement runs to completion when called; the only thing to guard
 * is an async transaction: while one is open, other callers wait for it (SQLite has one writer anyway).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDatabase, SqlValue } from './sql-database.js';

export interface SqliteDatabase extends SqlDatabase {
  /** The file, for tools (backups, the legacy import). */
  readonly file: string;
}

/** Opens (creating the folder) `file` in WAL mode with foreign keys on. */
export function openSqliteDatabase(file: string): SqliteDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a process crash (FULL also a power loss).
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    db.close();
    throw error;
  }
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      statements.set(sql, stmt);
    }
    return stmt;
  };

  // The open transaction, if any: others wait on `idle` until it ends. Every caller re-checks `busy`
  // right before it runs (`while (busy) await idle;` then synchronous work), so none slips in between.
  let busy = false;
  let idle: Promise<void> = Promise.resolve();

  const direct: SqlDatabase = {
    dialect: 'sqlite',
    all: <T>(sql: string, params: readonly SqlValue[] = []) =>
      Promise.resolve(prepare(sql).all(...params) as T[]),
    get: <T>(sql: string, params: readonly SqlValue[] = []) =>
      Promise.resolve(prepare(sql).get(...params) as T | undefined),
    run: (sql, params = []) => Promise.resolve(prepare(sql).run(...params).changes),
    exec: (sql) => Promise.resolve(void db.exec(sql)),
    transaction: (fn) => fn(direct),
    close: () => Promise.resolve(),
  };

  return {
    dialect: 'sqlite',
    file,
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      while (busy) await idle;
      return prepare(sql).all(...params) as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      while (busy) await idle;
      return prepare(sql).get(...params) as T | undefined;
    },
    async run(sql, params = []) {
      while (busy) await idle;
      return prepare(sql).run(...params).changes;
    },
    async exec(sql) {
      while (busy) await idle;
      db.exec(sql);
    },
    async transaction(fn) {
      while (busy) await idle;
      busy = true;
      let release = (): void => {};
      idle = new Promise<void>((resolve) => (release = resolve));
      try {
        // IMMEDIATE: take the write lock now, so another process cannot make this transaction fail later.
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      } finally {
        busy = false;
        release();
      }
    },
    async close() {
      while (busy) await idle;
      if (db.open) db.close();
    },
  };
}
