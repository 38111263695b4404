/**
 * The one schema history of the store, shared by SQLite and PostgreSQL: numbered, forward-only steps,
 * each with the SQL of both dialects (types differ: INTEGER/BIGINT, BLOB/BYTEA, AUTOINCREMENT/BIGSERIAL).
 * `parley_schema(version)` records the last applied step. Never edit a shipped step: append a new one.
 *
 * Besides Parley's own tables, the database carries Kamailio's `subscriber` and `version` tables
 * (auth_db module, `subscriber` table version 7) so a Kamailio in front of the service can authenticate
 * the same accounts (deploy/kamailio). `password` stays empty: only HA1 values are stored.
 *
 * Step 1 is byte for byte the SQLite schema of the first release, so its `parley.db` files are at
 * version 1. Steps 2 and 3 bring in what that release kept elsewhere: the messaging tables it created
 * on the side in `parley.db` (kept, and completed), and `voicemail.db` (copied in, then renamed
 * `voicemail.db.migrated`; see ./legacy-voicemail.ts).
 */
import { CONTACT_CARDS_SQL, moveLegacyContacts } from './contact-card-repository.js';
import { importLegacyVoicemail } from './legacy-voicemail.js';
import { PSTN_SQL } from './pstn-repository.js';
import type { Migration, MigrationContext } from './migration-types.js';
import type { SqlDatabase } from './sql-database.js';

export type { Migration, MigrationContext };

const ACCOUNTS_SQLITE = `
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
  `;

const ACCOUNTS_POSTGRES = `
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
    created_at      BIGINT NOT NULL
  );
  CREATE INDEX accounts_display_name ON accounts (lower(display_name));
  CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    username    TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    realm       TEXT NOT NULL,
    ha1_md5     TEXT NOT NULL,
    ha1_sha256  TEXT NOT NULL
  );
  CREATE INDEX sessions_username ON sessions (username, expires_at);
  CREATE TABLE contacts (
    owner       TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    contact     TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (owner, contact)
  );
  -- Kamailio's own PostgreSQL schema (kamailio/utils/kamctl/postgres/standard-create.sql, auth_db-create.sql).
  CREATE TABLE IF NOT EXISTS version (
    table_name    VARCHAR(32) NOT NULL,
    table_version INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT version_table_name_idx UNIQUE (table_name)
  );
  INSERT INTO version (table_name, table_version) VALUES ('version', 1)
    ON CONFLICT (table_name) DO UPDATE SET table_version = excluded.table_version;
  CREATE TABLE IF NOT EXISTS subscriber (
    id       SERIAL PRIMARY KEY NOT NULL,
    username VARCHAR(64) NOT NULL DEFAULT '',
    domain   VARCHAR(64) NOT NULL DEFAULT '',
    password VARCHAR(64) NOT NULL DEFAULT '',
    ha1      VARCHAR(128) NOT NULL DEFAULT '',
    ha1b     VARCHAR(128) NOT NULL DEFAULT '',
    CONSTRAINT subscriber_account_idx UNIQUE (username, domain)
  );
  CREATE INDEX IF NOT EXISTS subscriber_username_idx ON subscriber (username);
  INSERT INTO version (table_name, table_version) VALUES ('subscriber', 7)
    ON CONFLICT (table_name) DO UPDATE SET table_version = excluded.table_version;
  `;

/** Messages: the first release created this table itself (IF NOT EXISTS), without the failure columns. */
const MESSAGES = (seq: string, int: string): string => `
  CREATE TABLE IF NOT EXISTS messaging_messages (
    seq          ${seq},
    sender_id    TEXT    NOT NULL,
    from_user    TEXT    NOT NULL,
    to_user      TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_at   ${int} NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('sent', 'delivered', 'read')),
    delivered_at ${int},
    read_at      ${int},
    UNIQUE (from_user, sender_id)
  );
  CREATE INDEX IF NOT EXISTS messaging_by_pair ON messaging_messages (from_user, to_user, seq);
  CREATE INDEX IF NOT EXISTS messaging_by_recipient ON messaging_messages (to_user, from_user, seq);
  CREATE INDEX IF NOT EXISTS messaging_pending ON messaging_messages (to_user, seq) WHERE state = 'sent';
  -- One instance at a time drives a recipient's queue (in order, exactly once): a lease, not a lock.
  CREATE TABLE delivery_leases (
    recipient   TEXT PRIMARY KEY NOT NULL,
    holder      TEXT NOT NULL,
    expires_at  ${int} NOT NULL
  );
  `;

const VOICEMAIL = (blob: string, int: string): string => `
  CREATE TABLE voicemail_outbox (
    id TEXT PRIMARY KEY,
    created_at ${int} NOT NULL,
    recipient TEXT NOT NULL,
    callee TEXT NOT NULL,
    caller_name TEXT NOT NULL,
    caller_uri TEXT NOT NULL,
    started_at ${int} NOT NULL,
    duration_ms ${int} NOT NULL,
    audio ${blob} NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at ${int} NOT NULL,
    last_error TEXT,
    sent_at ${int},
    claimed_by TEXT,
    claim_until ${int}
  );
  CREATE INDEX voicemail_outbox_due ON voicemail_outbox (sent_at, next_attempt_at);
  CREATE INDEX voicemail_outbox_callee ON voicemail_outbox (callee, started_at);
  CREATE TABLE voicemail_state (
    id TEXT PRIMARY KEY,
    callee TEXT NOT NULL,
    peaks TEXT NOT NULL,
    heard_at ${int},
    deleted_at ${int}
  );
  CREATE TABLE user_settings (
    username TEXT PRIMARY KEY,
    ring_timeout_sec INTEGER
  );
  CREATE TABLE voicemail_greeting (
    username TEXT PRIMARY KEY,
    audio ${blob} NOT NULL,
    updated_at ${int} NOT NULL
  );
  `;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, sessions, contacts, Kamailio subscriber',
    sql: { sqlite: ACCOUNTS_SQLITE, postgres: ACCOUNTS_POSTGRES },
  },
  {
    version: 2,
    name: 'messages, failure columns, delivery leases',
    sql: {
      sqlite: MESSAGES('INTEGER PRIMARY KEY AUTOINCREMENT', 'INTEGER'),
      postgres: MESSAGES('BIGSERIAL PRIMARY KEY', 'BIGINT'),
    },
    async after(tx) {
      // Added after the first release: a legacy table lacks them (SQLite cannot change the CHECK in place).
      const columns = new Set(
        tx.dialect === 'sqlite'
          ? (await tx.all<{ name: string }>('PRAGMA table_info(messaging_messages)')).map((c) => c.name)
          : [],
      );
      for (const [name, type] of FAILURE_COLUMNS) {
        if (!columns.has(name)) {
          const pgType = type === 'INTEGER' && tx.dialect === 'postgres' ? 'BIGINT' : type;
          await tx.exec(`ALTER TABLE messaging_messages ADD COLUMN ${name} ${pgType}`);
        }
      }
    },
  },
  {
    version: 3,
    name: 'voicemail outbox (with claims), state, settings, greetings; import voicemail.db',
    sql: { sqlite: VOICEMAIL('BLOB', 'INTEGER'), postgres: VOICEMAIL('BYTEA', 'BIGINT') },
    after: (tx, ctx) => importLegacyVoicemail(tx, ctx),
  },
  {
    version: 4,
    name: 'PSTN gateway: per-user permission and daily limit, call detail records',
    sql: { sqlite: PSTN_SQL('INTEGER'), postgres: PSTN_SQL('BIGINT') },
  },
  {
    version: 5,
    name: 'call history (every call of a user, kept by the service) and when it was last viewed',
    sql: { sqlite: CALL_HISTORY('INTEGER'), postgres: CALL_HISTORY('BIGINT') },
  },
  {
    version: 6,
    name: 'user status (availability and note)',
    sql: { sqlite: USER_STATUS('INTEGER'), postgres: USER_STATUS('BIGINT') },
  },
  {
    version: 7,
    name: 'contact cards (name, numbers, favourite, optional Parley user); contacts rows become cards',
    sql: { sqlite: CONTACT_CARDS_SQL('INTEGER'), postgres: CONTACT_CARDS_SQL('BIGINT') },
    after: (tx) => moveLegacyContacts(tx),
  },
  {
    version: 8,
    name: 'call recordings (Ogg Opus files of the users who recorded)',
    sql: { sqlite: CALL_RECORDINGS('BLOB', 'INTEGER'), postgres: CALL_RECORDINGS('BYTEA', 'BIGINT') },
  },
];

/** Step 8: one row per recording, with its file (store/recording-repository.ts). */
function CALL_RECORDINGS(blob: string, time: string): string {
  return `
  CREATE TABLE call_recordings (
    id          TEXT PRIMARY KEY NOT NULL,
    username    TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    peer_uri    TEXT NOT NULL,
    peer_name   TEXT,
    direction   TEXT NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
    call_id     TEXT,
    started_at  ${time} NOT NULL,
    duration_ms INTEGER NOT NULL,
    peaks       TEXT NOT NULL,
    audio       ${blob} NOT NULL,
    created_at  ${time} NOT NULL
  );
  CREATE INDEX call_recordings_user_time ON call_recordings (username, started_at DESC);`;
}

/** Step 5: one row per user and call (both parties of a local call get their own). */
function CALL_HISTORY(time: string): string {
  return `
  CREATE TABLE call_history (
    id            TEXT PRIMARY KEY NOT NULL,
    username      TEXT NOT NULL,
    call_id       TEXT NOT NULL,
    direction     TEXT NOT NULL CHECK (direction IN ('outgoing', 'incoming', 'missed')),
    outcome       TEXT NOT NULL,
    peer_username TEXT,
    peer_uri      TEXT NOT NULL,
    peer_name     TEXT,
    started_at    ${time} NOT NULL,
    answered_at   ${time},
    ended_at      ${time},
    device        TEXT,
    answered_by   TEXT,
    answered_on   TEXT,
    status        INTEGER,
    recorded_at   ${time} NOT NULL
  );
  CREATE INDEX call_history_user_time ON call_history (username, started_at DESC, id DESC);
  CREATE INDEX call_history_call ON call_history (call_id);
  CREATE TABLE call_history_seen (
    username  TEXT PRIMARY KEY NOT NULL,
    seen_at   ${time} NOT NULL
  );`;
}

/** Each person's chosen status (common/presence-types.ts); no row means available, no note. */
function USER_STATUS(time: string): string {
  return `
  CREATE TABLE user_status (
    username      TEXT PRIMARY KEY NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    availability  TEXT NOT NULL CHECK (availability IN ('available', 'away', 'busy', 'dnd')),
    note          TEXT NOT NULL,
    updated_at    ${time} NOT NULL
  );`;
}

/** The schema version this Parley brings a database to (versions ascend; a gap is allowed). */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

const FAILURE_COLUMNS: readonly [string, string][] = [
  ['failed_status', 'INTEGER'],
  ['failed_reason', 'TEXT'],
  ['failed_at', 'INTEGER'],
];

/** A key for `pg_advisory_xact_lock`: two instances starting together migrate one after the other. */
const MIGRATION_LOCK = 727_3539;

/**
 * Brings the database to the latest schema in one transaction (all steps or none). Returns the version.
 * @throws when the database is newer than this Parley (a downgrade would lose data silently).
 */
export async function migrate(db: SqlDatabase, dataDir?: string): Promise<number> {
  const ctx: MigrationContext = { ...(dataDir === undefined ? {} : { dataDir }), afterCommit: [] };
  const version = await db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS parley_schema (version INTEGER NOT NULL)');
    const row = await tx.get<{ version: number }>('SELECT version FROM parley_schema');
    let current = row?.version ?? 0;
    if (row === undefined) await tx.run('INSERT INTO parley_schema (version) VALUES (0)');
    const latest = LATEST_SCHEMA_VERSION;
    if (current > latest) {
      throw new Error(`database schema version ${current} is newer than this Parley (${latest})`);
    }
    for (const step of MIGRATIONS.filter((m) => m.version > current)) {
      await tx.exec(step.sql[tx.dialect]);
      await step.after?.(tx, ctx);
      await tx.run('UPDATE parley_schema SET version = ?', [step.version]);
      current = step.version;
    }
    return current;
  });
  for (const action of ctx.afterCommit) action();
  return version;
}
