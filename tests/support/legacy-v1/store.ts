/* Frozen copy of the first release's store.ts (commit 0d32493), kept to build ./data folders the way that release wrote them (tests/integration/store/legacy-data-migration.test.ts). Do not edit. */
/**
 * The account store: the one small interface the rest of the service uses for persistent data, so the
 * embedded SQLite default (./sqlite-store.ts) can later be swapped for PostgreSQL (ARCHITECTURE.md).
 * All methods are synchronous (better-sqlite3); usernames passed in are already normalized (lowercase).
 */

/** One account. Secrets are derived values only: never the password itself. */
export interface AccountRecord {
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  /** scrypt output, hex. */
  readonly passwordHash: string;
  /** Per-user random salt, hex. */
  readonly passwordSalt: string;
  /** scrypt parameters as JSON, e.g. `{"N":16384,"r":8,"p":1,"keylen":64}`. */
  readonly passwordParams: string;
  /** Digest realm the HA1 values were computed for (the SIP domain at sign-up). */
  readonly realm: string;
  /** MD5(username:realm:password), RFC 2617 §3.2.2.2. */
  readonly ha1Md5: string;
  /** SHA-256(username:realm:password), RFC 8760 §3. */
  readonly ha1Sha256: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

/** The password-derived part of an account. */
export type AccountSecrets = Pick<
  AccountRecord,
  'passwordHash' | 'passwordSalt' | 'passwordParams' | 'realm' | 'ha1Md5' | 'ha1Sha256'
>;

/** Kamailio's `subscriber` row for the same account (auth_db module, table version 7). */
export interface SubscriberRecord {
  readonly username: string;
  readonly domain: string;
  /** MD5(username:domain:password). */
  readonly ha1: string;
  /** MD5(username@domain:domain:password). */
  readonly ha1b: string;
}

export interface SessionRecord {
  /** SHA-256 of the bearer token, hex. The token itself is never stored. */
  readonly tokenHash: string;
  readonly username: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Realm the token HA1s were computed for. */
  readonly realm: string;
  /** MD5(username:realm:token): lets a client REGISTER with its session token as the SIP password. */
  readonly ha1Md5: string;
  readonly ha1Sha256: string;
}

/** Thrown by `createAccount` when the username exists already. */
export class UsernameTakenError extends Error {
  override readonly name = 'UsernameTakenError';
  constructor(readonly username: string) {
    super(`username ${username} is taken`);
  }
}

export interface ParleyStore {
  /** Inserts the account and its `subscriber` row in one transaction. @throws UsernameTakenError */
  createAccount(account: AccountRecord, subscriber: SubscriberRecord): void;
  getAccount(username: string): AccountRecord | undefined;
  /**
   * Replaces an account's password hash and HA1 values, and its `subscriber` row, in one transaction.
   * Returns false when there is no such account.
   */
  updateAccountSecrets(username: string, secrets: AccountSecrets, subscriber: SubscriberRecord): boolean;
  /**
   * Accounts whose username or display name contains `query` (case-insensitive), by username,
   * excluding `excludeUsername`. An empty query lists everyone (up to `limit`).
   */
  searchAccounts(query: string, excludeUsername: string, limit: number): AccountRecord[];

  createSession(session: SessionRecord): void;
  /** The session, if it exists and has not expired at `now`. */
  getSession(tokenHash: string, now: number): SessionRecord | undefined;
  deleteSession(tokenHash: string): void;
  /** Live (unexpired at `now`) sessions of a user. */
  listSessions(username: string, now: number): SessionRecord[];
  /** Removes expired sessions; returns how many. */
  deleteExpiredSessions(now: number): number;

  /** Adds `contact` to `owner`'s list (idempotent). Both accounts must exist. */
  addContact(owner: string, contact: string, now: number): void;
  /** Returns whether a row was removed. */
  removeContact(owner: string, contact: string): boolean;
  /** The owner's contacts as accounts, by username. */
  listContacts(owner: string): AccountRecord[];
  /** Usernames in the owner's list. */
  contactUsernames(owner: string): Set<string>;

  close(): void;
}
