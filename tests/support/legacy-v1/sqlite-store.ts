/* Frozen copy of the first release's sqlite-store.ts (commit 0d32493), kept to build ./data folders the way that release wrote them (tests/integration/store/legacy-data-migration.test.ts). Do not edit. */
/**
 * The embedded default store: one SQLite file (`parley.db`) in WAL mode via better-sqlite3.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';
import {
  UsernameTakenError,
  type AccountRecord,
  type AccountSecrets,
  type ParleyStore,
  type SessionRecord,
  type SubscriberRecord,
} from './store.js';

interface AccountRow {
  username: string;
  display_name: string;
  email: string;
  password_hash: string;
  password_salt: string;
  password_params: string;
  realm: string;
  ha1_md5: string;
  ha1_sha256: string;
  created_at: number;
}

interface SessionRow {
  token_hash: string;
  username: string;
  created_at: number;
  expires_at: number;
  realm: string;
  ha1_md5: string;
  ha1_sha256: string;
}

const toAccount = (r: AccountRow): AccountRecord => ({
  username: r.username,
  displayName: r.display_name,
  email: r.email,
  passwordHash: r.password_hash,
  passwordSalt: r.password_salt,
  passwordParams: r.password_params,
  realm: r.realm,
  ha1Md5: r.ha1_md5,
  ha1Sha256: r.ha1_sha256,
  createdAt: r.created_at,
});

const toSession = (r: SessionRow): SessionRecord => ({
  tokenHash: r.token_hash,
  username: r.username,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  realm: r.realm,
  ha1Md5: r.ha1_md5,
  ha1Sha256: r.ha1_sha256,
});

/** Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`. */
function likeContains(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

/** Opens (creating if needed) `dataDir/parley.db` and migrates it. */
export function openSqliteStore(dataDir: string): ParleyStore {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'parley.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const insertAccount = db.prepare(
    `INSERT INTO accounts (username, display_name, email, password_hash, password_salt, password_params,
       realm, ha1_md5, ha1_sha256, created_at)
     VALUES (@username, @displayName, @email, @passwordHash, @passwordSalt, @passwordParams,
       @realm, @ha1Md5, @ha1Sha256, @createdAt)`,
  );
  const upsertSubscriber = db.prepare(
    `INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES (@username, @domain, '', @ha1, @ha1b)
     ON CONFLICT (username, domain) DO UPDATE SET password = '', ha1 = excluded.ha1, ha1b = excluded.ha1b`,
  );
  const selectAccount = db.prepare('SELECT * FROM accounts WHERE username = ?');
  const updateSecrets = db.prepare(
    `UPDATE accounts SET password_hash = @passwordHash, password_salt = @passwordSalt,
       password_params = @passwordParams, realm = @realm, ha1_md5 = @ha1Md5, ha1_sha256 = @ha1Sha256
     WHERE username = @username`,
  );
  const searchAccounts = db.prepare(
    `SELECT * FROM accounts
     WHERE username <> @exclude
       AND (username LIKE @pattern ESCAPE '\\' OR lower(display_name) LIKE @pattern ESCAPE '\\')
     ORDER BY username LIMIT @limit`,
  );
  const insertSession = db.prepare(
    `INSERT INTO sessions (token_hash, username, created_at, expires_at, realm, ha1_md5, ha1_sha256)
     VALUES (@tokenHash, @username, @createdAt, @expiresAt, @realm, @ha1Md5, @ha1Sha256)`,
  );
  const selectSession = db.prepare('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const selectSessions = db.prepare('SELECT * FROM sessions WHERE username = ? AND expires_at > ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const insertContact = db.prepare(
    'INSERT OR IGNORE INTO contacts (owner, contact, created_at) VALUES (?, ?, ?)',
  );
  const deleteContact = db.prepare('DELETE FROM contacts WHERE owner = ? AND contact = ?');
  const selectContacts = db.prepare(
    `SELECT a.* FROM contacts c JOIN accounts a ON a.username = c.contact
     WHERE c.owner = ? ORDER BY a.username`,
  );
  const selectContactNames = db.prepare('SELECT contact FROM contacts WHERE owner = ?');

  const createAccount = db.transaction((account: AccountRecord, subscriber: SubscriberRecord) => {
    if (selectAccount.get(account.username) !== undefined) throw new UsernameTakenError(account.username);
    insertAccount.run(account);
    upsertSubscriber.run(subscriber);
  });

  const updateAccountSecrets = db.transaction(
    (username: string, secrets: AccountSecrets, subscriber: SubscriberRecord): boolean => {
      const changed = updateSecrets.run({ ...secrets, username }).changes > 0;
      if (changed) upsertSubscriber.run(subscriber);
      return changed;
    },
  );

  return {
    updateAccountSecrets: (username, secrets, subscriber) =>
      updateAccountSecrets(username, secrets, subscriber),
    createAccount(account, subscriber) {
      try {
        createAccount(account, subscriber);
      } catch (error) {
        // Two sign-ups racing for one name: the primary key decides.
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw new UsernameTakenError(account.username);
        }
        throw error;
      }
    },
    getAccount(username) {
      const row = selectAccount.get(username) as AccountRow | undefined;
      return row === undefined ? undefined : toAccount(row);
    },
    searchAccounts(query, excludeUsername, limit) {
      const rows = searchAccounts.all({
        exclude: excludeUsername,
        pattern: likeContains(query.toLowerCase()),
        limit,
      }) as AccountRow[];
      return rows.map(toAccount);
    },
    createSession(session) {
      insertSession.run(session);
    },
    getSession(tokenHash, now) {
      const row = selectSession.get(tokenHash, now) as SessionRow | undefined;
      return row === undefined ? undefined : toSession(row);
    },
    deleteSession(tokenHash) {
      deleteSession.run(tokenHash);
    },
    listSessions(username, now) {
      return (selectSessions.all(username, now) as SessionRow[]).map(toSession);
    },
    deleteExpiredSessions(now) {
      return deleteExpired.run(now).changes;
    },
    addContact(owner, contact, now) {
      insertContact.run(owner, contact, now);
    },
    removeContact(owner, contact) {
      return deleteContact.run(owner, contact).changes > 0;
    },
    listContacts(owner) {
      return (selectContacts.all(owner) as AccountRow[]).map(toAccount);
    },
    contactUsernames(owner) {
      return new Set((selectContactNames.all(owner) as { contact: string }[]).map((r) => r.contact));
    },
    close() {
      if (db.open) db.close();
    },
  };
}
