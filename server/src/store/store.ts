/**
 * The store: one asynchronous interface with a repository per domain, the only way the rest of the
 * service reads or writes durable data (ARCHITECTURE.md "Storage"). Two backends stand behind it:
 * SQLite (embedded default, one WAL file) and PostgreSQL (`PARLEY_DATABASE_URL`), with one migration
 * history (./migrations.ts). No module outside `store/` imports a database driver (a lint rule says so).
 *
 * Work that must happen once across many service instances is claimed in the database: a recipient's
 * message queue by a lease (`claimDelivery`), an outbox mail by a claim on its row (`claimNextDue`).
 * Usernames passed in are already normalized (lowercase).
 */
import type { ChatMessageDto } from '../../../common/messaging-types.js';
import type { PstnRepository } from './pstn-repository.js';
import type { CallHistoryRepository } from './call-history-repository.js';
import type { ContactCardRepository } from './contact-card-repository.js';
import type { RecordingRepository } from './recording-repository.js';
import type { UserStatus } from '../../../common/presence-types.js';
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

export interface AccountRepository {
  /** Inserts the account and its `subscriber` row in one transaction. @throws UsernameTakenError */
  create(account: AccountRecord, subscriber: SubscriberRecord): Promise<void>;
  get(username: string): Promise<AccountRecord | undefined>;
  /**
   * Replaces an account's password hash and HA1 values, and its `subscriber` row, in one transaction.
   * Returns false when there is no such account.
   */
  updateSecrets(username: string, secrets: AccountSecrets, subscriber: SubscriberRecord): Promise<boolean>;
  /**
   * Accounts whose username or display name contains `query` (case-insensitive), by username,
   * excluding `excludeUsername`. An empty query lists everyone (up to `limit`).
   */
  search(query: string, excludeUsername: string, limit: number): Promise<AccountRecord[]>;
  /** Kamailio's row for the account (what `auth_db` reads). */
  subscriber(username: string, domain: string): Promise<SubscriberRecord | undefined>;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  /** The session, if it exists and has not expired at `now`. */
  get(tokenHash: string, now: number): Promise<SessionRecord | undefined>;
  delete(tokenHash: string): Promise<void>;
  /** Live (unexpired at `now`) sessions of a user. */
  listLive(username: string, now: number): Promise<SessionRecord[]>;
  /** Removes expired sessions; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

export interface ContactRepository {
  /** Adds `contact` to `owner`'s list (idempotent). Both accounts must exist. */
  add(owner: string, contact: string, now: number): Promise<void>;
  /** Returns whether a row was removed. */
  remove(owner: string, contact: string): Promise<boolean>;
  /** The owner's contacts as accounts, by username. */
  list(owner: string): Promise<AccountRecord[]>;
  /** Usernames in the owner's list. */
  usernames(owner: string): Promise<Set<string>>;
}

export interface ConversationRow {
  readonly peer: string;
  readonly lastMessage: ChatMessageDto;
  readonly unread: number;
}

export interface InsertResult {
  readonly message: ChatMessageDto;
  /** False when a message with this sender id from this sender was stored before (idempotent retry). */
  readonly created: boolean;
}

/** Chat messages (RFC 3428 store-and-forward), their delivered/read/failed state and history. */
export interface MessageRepository {
  /** Stores a message unless this sender already stored one with `senderId` (retry safety). */
  insert(from: string, to: string, senderId: string, body: string, createdAt: number): Promise<InsertResult>;
  find(from: string, senderId: string): Promise<ChatMessageDto | undefined>;
  bySeq(seq: number): Promise<ChatMessageDto | undefined>;
  /** Undelivered messages to `user` after `afterSeq`, in the order they were accepted. */
  pendingFor(user: string, limit?: number, afterSeq?: number): Promise<ChatMessageDto[]>;
  /** `sent` → `delivered`. Returns whether the state changed. */
  markDelivered(seq: number, now: number): Promise<boolean>;
  /** `sent` → `failed` with the device's final response. Returns whether the state changed. */
  markFailed(seq: number, status: number, reason: string, now: number): Promise<boolean>;
  /** `failed` → `sent` (the sender retried): pending again, in its original place in the order. */
  clearFailure(seq: number): Promise<boolean>;
  /** Every message from `peer` to `user` not yet read becomes read; returns them. */
  markRead(user: string, peer: string, now: number): Promise<{ id: string; seq: number }[]>;
  /** Up to `limit` messages between the two before `beforeSeq`, oldest first; `hasMore` if older exist. */
  page(
    user: string,
    peer: string,
    beforeSeq: number,
    limit: number,
  ): Promise<{ messages: ChatMessageDto[]; hasMore: boolean }>;
  /** The user's conversations, newest first, with unread counts. */
  conversations(user: string, limit?: number): Promise<ConversationRow[]>;
  totalUnread(user: string): Promise<number>;
  /**
   * Takes (or renews) the lease on `recipient`'s queue for `holder` until `until`, unless another
   * holder's lease is still running at `now`. Only the holder delivers: in order, and once.
   */
  claimDelivery(recipient: string, holder: string, now: number, until: number): Promise<boolean>;
  releaseDelivery(recipient: string, holder: string): Promise<void>;
}

/** A voicemail as the box lists it (outbox row joined with its state). */
export interface VoicemailRow {
  readonly id: string;
  readonly callee: string;
  readonly callerName: string;
  readonly callerUri: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly size: number;
  /** JSON array, or null when not computed yet. */
  readonly peaks: string | null;
  readonly heardAt: number | null;
  readonly sentAt: number | null;
}

/** The voicemail box of each user: state over the outbox rows, settings and greetings. */
export interface VoicemailRepository {
  /** Visible (not deleted) voicemails of `callee`, newest first. */
  list(callee: string): Promise<VoicemailRow[]>;
  one(callee: string, id: string): Promise<VoicemailRow | undefined>;
  summary(callee: string): Promise<{ newCount: number; totalCount: number }>;
  audio(callee: string, id: string): Promise<Buffer | undefined>;
  /** The outbox row's owner and audio, whoever it belongs to (for computing peaks). */
  recording(id: string): Promise<{ callee: string; audio: Buffer } | undefined>;
  savePeaks(id: string, callee: string, peaks: string): Promise<void>;
  markHeard(id: string, callee: string, now: number): Promise<void>;
  markDeleted(id: string, callee: string, now: number): Promise<void>;
  isDeleted(id: string): Promise<boolean>;
  /** Removes the voicemail and its state in one transaction. */
  drop(id: string): Promise<void>;
  ringTimeoutSec(username: string): Promise<number | undefined>;
  /** Every stored ring time (the SIP room reads them synchronously from a cache). */
  allRingTimeouts(): Promise<Map<string, number>>;
  setRingTimeoutSec(username: string, seconds: number): Promise<void>;
  greeting(username: string): Promise<Buffer | undefined>;
  setGreeting(username: string, audio: Buffer, now: number): Promise<void>;
  deleteGreeting(username: string): Promise<void>;
}

export interface OutboxEntry {
  readonly id: string;
  readonly createdAt: number;
  readonly recipient: string;
  readonly callee: string;
  readonly callerName: string;
  readonly callerUri: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly audio: Buffer;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly sentAt: number | null;
}

/** The durable SMTP outbox of voicemails. */
export interface OutboxRepository {
  enqueue(entry: Omit<OutboxEntry, 'attempts' | 'nextAttemptAt' | 'sentAt'>): Promise<void>;
  /**
   * Claims the unsent entry due first (at `now`) for `holder` until `until`: no other instance takes it
   * while the claim runs (`FOR UPDATE SKIP LOCKED` on PostgreSQL). `undefined` when none is due.
   */
  claimNextDue(holder: string, now: number, until: number): Promise<OutboxEntry | undefined>;
  /** When the next unsent entry falls due (ignoring claims), if any. */
  nextDueAt(): Promise<number | undefined>;
  /** The claim holder marks it sent; false when the claim was lost meanwhile. */
  markSent(id: string, holder: string, now: number): Promise<boolean>;
  /** The claim holder records a failed attempt and when to try again. */
  markFailed(
    id: string,
    holder: string,
    attempts: number,
    nextAttemptAt: number,
    error: string,
  ): Promise<void>;
  pendingCount(): Promise<number>;
  /** A user's voicemails, newest first (without audio). */
  listFor(
    callee: string,
  ): Promise<Omit<OutboxEntry, 'audio' | 'recipient' | 'createdAt' | 'nextAttemptAt'>[]>;
  audioOf(id: string): Promise<Buffer | undefined>;
}

/** Each person's chosen status (availability and note); server/src/presence keeps a cache of it. */
export interface StatusRepository {
  /** `undefined` when the user never set one (available, no note). */
  get(username: string): Promise<UserStatus | undefined>;
  /** Upsert. The account must exist. */
  set(username: string, status: UserStatus, now: number): Promise<void>;
  /** Every stored status by username (to warm the cache the SIP proxy reads synchronously). */
  all(): Promise<Map<string, UserStatus>>;
}

export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  readonly accounts: AccountRepository;
  readonly sessions: SessionRepository;
  readonly contacts: ContactRepository;
  /** The address book (issue 16): cards with names, numbers, favourites; `contacts` reads the same rows. */
  readonly contactCards: ContactCardRepository;
  readonly messages: MessageRepository;
  readonly voicemail: VoicemailRepository;
  readonly outbox: OutboxRepository;
  /** PSTN gateway (issue 11): permissions, daily limits, call detail records. */
  readonly pstn: PstnRepository;
  /** Every call of every user, as the SIP room saw it (server/src/calls). */
  readonly callHistory: CallHistoryRepository;
  readonly statuses: StatusRepository;
  /** Call recordings (migration 8). */
  readonly recordings: RecordingRepository;
  /** Whether the database answers now (health checks). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
