/**
 * Chat messages (RFC 3428 store-and-forward): idempotent insert by (sender, sender's id), pending in
 * order, delivered/read/failed, pages, conversations with unread counts, and the per-recipient
 * delivery lease that lets several service instances share one queue.
 */
import type { ChatMessageDto, StoredMessageState } from '../../../common/messaging-types.js';
import type { SqlDatabase } from './sql-database.js';
import type { MessageRepository } from './store.js';

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

const COLUMNS = 'seq, sender_id, from_user, to_user, body, created_at, state, failed_status, failed_reason';

export function createMessageRepository(db: SqlDatabase): MessageRepository {
  const bySender = (q: SqlDatabase, from: string, senderId: string): Promise<MessageRow | undefined> =>
    q.get<MessageRow>(`SELECT ${COLUMNS} FROM messaging_messages WHERE from_user = ? AND sender_id = ?`, [
      from,
      senderId,
    ]);
  const bySeq = (q: SqlDatabase, seq: number): Promise<MessageRow | undefined> =>
    q.get<MessageRow>(`SELECT ${COLUMNS} FROM messaging_messages WHERE seq = ?`, [seq]);

  return {
    async insert(from, to, senderId, body, createdAt) {
      const inserted = await db.get<MessageRow>(
        `INSERT INTO messaging_messages (sender_id, from_user, to_user, body, created_at, state)
         VALUES (?, ?, ?, ?, ?, 'sent') ON CONFLICT (from_user, sender_id) DO NOTHING RETURNING ${COLUMNS}`,
        [senderId, from, to, body, createdAt],
      );
      if (inserted) return { message: toDto(inserted), created: true };
      const row = await bySender(db, from, senderId);
      if (!row) throw new Error('message vanished after insert');
      return { message: toDto(row), created: false };
    },
    async find(from, senderId) {
      const row = await bySender(db, from, senderId);
      return row ? toDto(row) : undefined;
    },
    async bySeq(seq) {
      const row = await bySeq(db, seq);
      return row ? toDto(row) : undefined;
    },
    async pendingFor(user, limit = 1000, afterSeq = 0) {
      const rows = await db.all<MessageRow>(
        `SELECT ${COLUMNS} FROM messaging_messages
         WHERE to_user = ? AND state = 'sent' AND failed_status IS NULL AND seq > ? ORDER BY seq LIMIT ?`,
        [user, afterSeq, limit],
      );
      return rows.map(toDto);
    },
    markDelivered: async (seq, now) =>
      (await db.run(
        `UPDATE messaging_messages SET state = 'delivered', delivered_at = ? WHERE seq = ? AND state = 'sent'`,
        [now, seq],
      )) === 1,
    markFailed: async (seq, status, reason, now) =>
      (await db.run(
        `UPDATE messaging_messages SET failed_status = ?, failed_reason = ?, failed_at = ?
         WHERE seq = ? AND state = 'sent' AND failed_status IS NULL`,
        [status, reason, now, seq],
      )) === 1,
    clearFailure: async (seq) =>
      (await db.run(
        `UPDATE messaging_messages SET failed_status = NULL, failed_reason = NULL, failed_at = NULL
         WHERE seq = ? AND failed_status IS NOT NULL`,
        [seq],
      )) === 1,
    async markRead(user, peer, now) {
      const rows = await db.all<{ sender_id: string; seq: number }>(
        `UPDATE messaging_messages SET state = 'read', read_at = ?, delivered_at = COALESCE(delivered_at, ?)
         WHERE from_user = ? AND to_user = ? AND state <> 'read' RETURNING sender_id, seq`,
        [now, now, peer, user],
      );
      return rows.map((r) => ({ id: r.sender_id, seq: r.seq })).sort((a, b) => a.seq - b.seq);
    },
    async page(user, peer, beforeSeq, limit) {
      const rows = await db.all<MessageRow>(
        `SELECT ${COLUMNS} FROM messaging_messages
         WHERE ((from_user = ? AND to_user = ?) OR (from_user = ? AND to_user = ?)) AND seq < ?
         ORDER BY seq DESC LIMIT ?`,
        [user, peer, peer, user, beforeSeq, limit + 1],
      );
      const hasMore = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse().map(toDto), hasMore };
    },
    conversations: (user, limit = 200) =>
      db.transaction(async (tx) => {
        const rows = await tx.all<{ peer: string; last_seq: number; unread: number }>(
          `SELECT peer, MAX(seq) AS last_seq,
                  SUM(CASE WHEN from_user <> ? AND state <> 'read' THEN 1 ELSE 0 END) AS unread
           FROM (SELECT to_user AS peer, seq, from_user, state FROM messaging_messages WHERE from_user = ?
                 UNION ALL
                 SELECT from_user AS peer, seq, from_user, state FROM messaging_messages
                 WHERE to_user = ? AND from_user <> ?) AS mine
           GROUP BY peer ORDER BY last_seq DESC LIMIT ?`,
          [user, user, user, user, limit],
        );
        const out = [];
        for (const r of rows) {
          const last = await bySeq(tx, r.last_seq);
          if (!last) throw new Error('conversation without a last message');
          out.push({ peer: r.peer, lastMessage: toDto(last), unread: r.unread });
        }
        return out;
      }),
    async totalUnread(user) {
      const row = await db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM messaging_messages WHERE to_user = ? AND from_user <> to_user AND state <> 'read'`,
        [user],
      );
      return row?.n ?? 0;
    },
    async claimDelivery(recipient, holder, now, until) {
      // One statement, atomic on both backends: insert, or take over an expired (or our own) lease.
      const row = await db.get<{ holder: string }>(
        `INSERT INTO delivery_leases (recipient, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (recipient) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE delivery_leases.expires_at <= ? OR delivery_leases.holder = excluded.holder
         RETURNING holder`,
        [recipient, holder, until, now],
      );
      return row?.holder === holder;
    },
    async releaseDelivery(recipient, holder) {
      await db.run('DELETE FROM delivery_leases WHERE recipient = ? AND holder = ?', [recipient, holder]);
    },
  };
}
