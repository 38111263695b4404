/* Frozen copy of the first release's message-store.ts (commit 0d32493), kept to build ./data folders the way that release wrote them (tests/integration/store/legacy-data-migration.test.ts). Do not edit. */
/**
 * Durable store of chat messages over better-sqlite3 (store-and-forward for RFC 3428 MESSAGE).
 * It owns its tables (`CREATE TABLE IF NOT EXISTS`), so it can share the service's `parley.db` or use a
 * file of its own. Every write is one SQLite transaction, so a message answered 202 is on disk (in WAL
 * mode with `synchronous = NORMAL` it survives a process crash; `FULL` also survives power loss).
 *
 * Usernames passed in are already normalized (lowercase).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ChatMessageDto, StoredMessageState } from '../../../common/messaging-types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS messaging_messages (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  sender_id    TEXT    NOT NULL,
  from_user    TEXT    NOT NULL,
  to_user      TEXT    NOT NULL,
  body         TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  state        TEXT    NOT NULL CHECK (state IN ('sent', 'delivered', 'read')),
  delivered_at INTEGER,
  read_at      INTEGER,
  UNIQUE (from_user, sender_id)
);
CREATE INDEX IF NOT EXISTS messaging_by_pair ON messaging_messages (from_user, to_user, seq);
CREATE INDEX IF NOT EXISTS messaging_by_recipient ON messaging_messages (to_user, from_user, seq);
CREATE INDEX IF NOT EXISTS messaging_pending ON messaging_messages (to_user, seq) WHERE state = 'sent';
`;

/**
 * Added after the first release, so older files get them by ALTER TABLE (the CHECK on `state` cannot be
 * changed in place in SQLite). A `sent` message with `failed_status` set is `failed`: not pending.
 */
const FAILURE_COLUMNS: readonly [string, string][] = [
  ['failed_status', 'INTEGER'],
  ['failed_reason', 'TEXT'],
  ['failed_at', 'INTEGER'],
];

interface MessageRow {
  seq: number;
  sender_id: string;
  from_user: string;
  to_user: string;
  body: string;
  created_at: number;
  state: Exclude<StoredMessageState, 'failed'>;
  failed_status: number | null;
  failed_reason: string | null;
}

const toDto = (r: MessageRow): ChatMessageDto => ({
  id: r.sender_id,
  seq: r.seq,
  from: r.from_user,
  to: r.to_user,
  body: r.body,
  createdAt: r.created_at,
  // A failed message the recipient later read in their history is `read`: it did reach them.
  ...(r.state === 'sent' && r.failed_status !== null
    ? { state: 'failed' as const, failure: { status: r.failed_status, reason: r.failed_reason ?? '' } }
    : { state: r.state }),
});

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

/** Opens (creating the folder) a SQLite file in WAL mode, the way the service's own store does. */
export function openMessagingDatabase(file: string): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

export class MessageStore {
  private readonly insertStmt;
  private readonly bySenderStmt;
  private readonly pendingStmt;
  private readonly deliveredStmt;
  private readonly readStmt;
  private readonly pageStmt;
  private readonly conversationsStmt;
  private readonly bySeqStmt;
  private readonly unreadStmt;
  private readonly failedStmt;
  private readonly unfailStmt;

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    const columns = new Set(
      db
        .prepare<[], { name: string }>(`PRAGMA table_info(messaging_messages)`)
        .all()
        .map((c) => c.name),
    );
    for (const [name, type] of FAILURE_COLUMNS) {
      if (!columns.has(name)) db.exec(`ALTER TABLE messaging_messages ADD COLUMN ${name} ${type}`);
    }
    this.insertStmt = db.prepare<[string, string, string, string, number]>(
      `INSERT INTO messaging_messages (sender_id, from_user, to_user, body, created_at, state)
       VALUES (?, ?, ?, ?, ?, 'sent') ON CONFLICT (from_user, sender_id) DO NOTHING`,
    );
    this.bySenderStmt = db.prepare<[string, string], MessageRow>(
      `SELECT * FROM messaging_messages WHERE from_user = ? AND sender_id = ?`,
    );
    this.bySeqStmt = db.prepare<[number], MessageRow>(`SELECT * FROM messaging_messages WHERE seq = ?`);
    this.pendingStmt = db.prepare<[string, number, number], MessageRow>(
      `SELECT * FROM messaging_messages
       WHERE to_user = ? AND state = 'sent' AND failed_status IS NULL AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.failedStmt = db.prepare<[number, string, number, number]>(
      `UPDATE messaging_messages SET failed_status = ?, failed_reason = ?, failed_at = ?
       WHERE seq = ? AND state = 'sent' AND failed_status IS NULL`,
    );
    this.unfailStmt = db.prepare<[number]>(
      `UPDATE messaging_messages SET failed_status = NULL, failed_reason = NULL, failed_at = NULL
       WHERE seq = ? AND failed_status IS NOT NULL`,
    );
    this.deliveredStmt = db.prepare<[number, number]>(
      `UPDATE messaging_messages SET state = 'delivered', delivered_at = ? WHERE seq = ? AND state = 'sent'`,
    );
    this.readStmt = db.prepare<
      [{ now: number; peer: string; user: string }],
      { sender_id: string; seq: number }
    >(
      `UPDATE messaging_messages SET state = 'read', read_at = @now,
         delivered_at = COALESCE(delivered_at, @now)
       WHERE from_user = @peer AND to_user = @user AND state <> 'read' RETURNING sender_id, seq`,
    );
    this.pageStmt = db.prepare<[{ user: string; peer: string; before: number; limit: number }], MessageRow>(
      `SELECT * FROM messaging_messages
       WHERE ((from_user = @user AND to_user = @peer) OR (from_user = @peer AND to_user = @user)) AND seq < @before
       ORDER BY seq DESC LIMIT @limit`,
    );
    this.conversationsStmt = db.prepare<
      [{ user: string; limit: number }],
      { peer: string; last_seq: number; unread: number }
    >(
      `SELECT peer, MAX(seq) AS last_seq,
              SUM(CASE WHEN from_user <> @user AND state <> 'read' THEN 1 ELSE 0 END) AS unread
       FROM (SELECT to_user AS peer, seq, from_user, state FROM messaging_messages WHERE from_user = @user
             UNION ALL
             SELECT from_user AS peer, seq, from_user, state FROM messaging_messages
             WHERE to_user = @user AND from_user <> @user)
       GROUP BY peer ORDER BY last_seq DESC LIMIT @limit`,
    );
    this.unreadStmt = db.prepare<[string], { n: number }>(
      `SELECT COUNT(*) AS n FROM messaging_messages WHERE to_user = ? AND from_user <> to_user AND state <> 'read'`,
    );
  }

  /** Stores a message unless this sender already stored one with `senderId` (RFC 3428 retry safety). */
  insert(from: string, to: string, senderId: string, body: string, createdAt: number): InsertResult {
    const info = this.insertStmt.run(senderId, from, to, body, createdAt);
    const row = this.bySenderStmt.get(from, senderId);
    if (!row) throw new Error('message vanished after insert');
    return { message: toDto(row), created: info.changes === 1 };
  }

  find(from: string, senderId: string): ChatMessageDto | undefined {
    const row = this.bySenderStmt.get(from, senderId);
    return row ? toDto(row) : undefined;
  }

  bySeq(seq: number): ChatMessageDto | undefined {
    const row = this.bySeqStmt.get(seq);
    return row ? toDto(row) : undefined;
  }

  /** Undelivered messages to `user` after `afterSeq`, in the order they were accepted. */
  pendingFor(user: string, limit = 1000, afterSeq = 0): ChatMessageDto[] {
    return this.pendingStmt.all(user, afterSeq, limit).map(toDto);
  }

  /** `sent` → `delivered`. Returns whether the state changed (false if already delivered or read). */
  markDelivered(seq: number, now: number): boolean {
    return this.deliveredStmt.run(now, seq).changes === 1;
  }

  /**
   * `sent` → `failed` with the device's final response: no longer pending (the pump moves on).
   * Returns whether the state changed.
   */
  markFailed(seq: number, status: number, reason: string, now: number): boolean {
    return this.failedStmt.run(status, reason, now, seq).changes === 1;
  }

  /** `failed` → `sent` (the sender retried): pending again, in its original place in the order. */
  clearFailure(seq: number): boolean {
    return this.unfailStmt.run(seq).changes === 1;
  }

  /** Every message from `peer` to `user` not yet read becomes read; returns them (sender ids, seqs). */
  markRead(user: string, peer: string, now: number): { id: string; seq: number }[] {
    return this.readStmt.all({ now, peer, user }).map((r) => ({ id: r.sender_id, seq: r.seq }));
  }

  /** Up to `limit` messages between the two, before `beforeSeq`, oldest first; `hasMore` if older exist. */
  page(
    user: string,
    peer: string,
    beforeSeq: number,
    limit: number,
  ): { messages: ChatMessageDto[]; hasMore: boolean } {
    const rows = this.pageStmt.all({ user, peer, before: beforeSeq, limit: limit + 1 });
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(toDto), hasMore };
  }

  /** The user's conversations, newest first, with unread counts. */
  conversations(user: string, limit = 200): ConversationRow[] {
    return this.db.transaction(() =>
      this.conversationsStmt.all({ user, limit }).map((r) => {
        const last = this.bySeqStmt.get(r.last_seq);
        if (!last) throw new Error('conversation without a last message');
        return { peer: r.peer, lastMessage: toDto(last), unread: r.unread };
      }),
    )();
  }

  totalUnread(user: string): number {
    return this.unreadStmt.get(user)?.n ?? 0;
  }
}
