/* Frozen copy of the first release's migrations.ts (commit 0d32493), kept to build ./data folders the way that release wrote them (tests/integration/store/legacy-data-migration.test.ts). Do not edit. */
/**
 * Schema migrations for the SQLite store, applied in order inside one transaction each.
 * `parley_schema(version)` records the last applied step. Never edit a shipped step: append a new one.
 *
 * Besides Parley's own tables, the database carries Kamailio's `subscriber` and `version` tables
 * (auth_db module, `subscriber` table version 7) so a Kamailio in front of the service can authenticate
 * the same accounts. `password` stays empty: only HA1 values are stored.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: accounts, sessions, contacts + Kamailio subscriber/version.
  `
  CREATE TABLE accounts (
    username        TEXT PRIMARY KEY NOT NULL CHECK (username = lower(username)),
    display_name    TEXT NOT NULL,
    email           TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    password_salt   TEXT NOT NULL,
    password_params TEXT NOT NULL,
    realm           TEXT NOT NULL,
    ha1_md5         TEXT NOT NULL,
    ha1_sha256      TEXT NOT NULL,
    created_at      INTEGER NOT NULL
  );
  CREATE INDEX accounts_display_name ON accounts (lower(display_name));

  CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    username    TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    realm       TEXT NOT NULL,
    ha1_md5     TEXT NOT NULL,
    ha1_sha256  TEXT NOT NULL
  );
  CREATE INDEX sessions_username ON sessions (username, expires_at);

  CREATE TABLE contacts (
    owner       TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    contact     TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (owner, contact)
  );

  CREATE TABLE IF NOT EXISTS version (
    table_name    VARCHAR(32) NOT NULL,
    table_version INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT version_table_name_idx UNIQUE (table_name)
  );
  INSERT OR REPLACE INTO version (table_name, table_version) VALUES ('version', 1);

  CREATE TABLE IF NOT EXISTS subscriber (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    username VARCHAR(64) NOT NULL DEFAULT '',
    domain   VARCHAR(64) NOT NULL DEFAULT '',
    password VARCHAR(64) NOT NULL DEFAULT '',
    ha1      VARCHAR(128) NOT NULL DEFAULT '',
    ha1b     VARCHAR(128) NOT NULL DEFAULT '',
    CONSTRAINT subscriber_account_idx UNIQUE (username, domain)
  );
  CREATE INDEX IF NOT EXISTS subscriber_username_idx ON subscriber (username);
  INSERT OR REPLACE INTO version (table_name, table_version) VALUES ('subscriber', 7);
  `,
];

/** Brings the database to the latest schema. Returns the version it ended at. */
export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS parley_schema (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM parley_schema').get() as { version: number } | undefined;
  let version = row?.version ?? 0;
  if (row === undefined) db.prepare('INSERT INTO parley_schema (version) VALUES (0)').run();
  if (version > MIGRATIONS.length) {
    throw new Error(`database schema version ${version} is newer than this Parley (${MIGRATIONS.length})`);
  }
  while (version < MIGRATIONS.length) {
    const step = MIGRATIONS[version]!;
    db.transaction(() => {
      db.exec(step);
      db.prepare('UPDATE parley_schema SET version = ?').run(version + 1);
    })();
    version++;
  }
  return version;
}
