/**
 * Accounts (with Kamailio's `subscriber` row, written in the same transaction) and sessions. Contacts
 * live in ./contact-card-repository.ts.
 */
import type { SqlDatabase } from './sql-database.js';
import {
  UsernameTakenError,
  type AccountRecord,
  type AccountRepository,
  type SessionRecord,
  type SessionRepository,
  type SubscriberRecord,
} from './store.js';

export interface AccountRow {
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

export const accountFromRow = (r: AccountRow): AccountRecord => ({
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

/** A unique-key violation: SQLite's constraint codes, PostgreSQL's 23505. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const UPSERT_SUBSCRIBER = `INSERT INTO subscriber (username, domain, password, ha1, ha1b) VALUES (?, ?, '', ?, ?)
  ON CONFLICT (username, domain) DO UPDATE SET password = '', ha1 = excluded.ha1, ha1b = excluded.ha1b`;
const subscriberParams = (s: SubscriberRecord): string[] => [s.username, s.domain, s.ha1, s.ha1b];

export function createAccountRepository(db: SqlDatabase): AccountRepository {
  return {
    async create(a, subscriber) {
      try {
        await db.transaction(async (tx) => {
          await tx.run(
            `INSERT INTO accounts (username, display_name, email, password_hash, password_salt, password_params,
               realm, ha1_md5, ha1_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              a.username,
              a.displayName,
              a.email,
              a.passwordHash,
              a.passwordSalt,
              a.passwordParams,
              a.realm,
              a.ha1Md5,
              a.ha1Sha256,
              a.createdAt,
            ],
          );
          await tx.run(UPSERT_SUBSCRIBER, subscriberParams(subscriber));
        });
      } catch (error) {
        // Two sign-ups racing for one name: the primary key decides.
        if (isUniqueViolation(error)) throw new UsernameTakenError(a.username);
        throw error;
      }
    },
    async get(username) {
      const row = await db.get<AccountRow>('SELECT * FROM accounts WHERE username = ?', [username]);
      return row === undefined ? undefined : accountFromRow(row);
    },
    updateSecrets: (username, s, subscriber) =>
      db.transaction(async (tx) => {
        const changed = await tx.run(
          `UPDATE accounts SET password_hash = ?, password_salt = ?, password_params = ?, realm = ?,
             ha1_md5 = ?, ha1_sha256 = ? WHERE username = ?`,
          [s.passwordHash, s.passwordSalt, s.passwordParams, s.realm, s.ha1Md5, s.ha1Sha256, username],
        );
        if (changed > 0) await tx.run(UPSERT_SUBSCRIBER, subscriberParams(subscriber));
        return changed > 0;
      }),
    async search(query, excludeUsername, limit) {
      const pattern = likeContains(query.toLowerCase());
      const rows = await db.all<AccountRow>(
        `SELECT * FROM accounts
         WHERE username <> ? AND (username LIKE ? ESCAPE '\\' OR lower(display_name) LIKE ? ESCAPE '\\')
         ORDER BY username LIMIT ?`,
        [excludeUsername, pattern, pattern, limit],
      );
      return rows.map(accountFromRow);
    },
    subscriber: (username, domain) =>
      db.get<SubscriberRecord>(
        'SELECT username, domain, ha1, ha1b FROM subscriber WHERE username = ? AND domain = ?',
        [username, domain],
      ),
  };
}

export function createSessionRepository(db: SqlDatabase): SessionRepository {
  return {
    async create(s) {
      await db.run(
        `INSERT INTO sessions (token_hash, username, created_at, expires_at, realm, ha1_md5, ha1_sha256)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [s.tokenHash, s.username, s.createdAt, s.expiresAt, s.realm, s.ha1Md5, s.ha1Sha256],
      );
    },
    async get(tokenHash, now) {
      const row = await db.get<SessionRow>('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?', [
        tokenHash,
        now,
      ]);
      return row === undefined ? undefined : toSession(row);
    },
    async delete(tokenHash) {
      await db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
    },
    async listLive(username, now) {
      const rows = await db.all<SessionRow>('SELECT * FROM sessions WHERE username = ? AND expires_at > ?', [
        username,
        now,
      ]);
      return rows.map(toSession);
    },
    deleteExpired: (now) => db.run('DELETE FROM sessions WHERE expires_at <= ?', [now]),
  };
}
