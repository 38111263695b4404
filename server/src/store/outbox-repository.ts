/**
 * The voicemail SMTP outbox. An instance sends an entry only after claiming it in the database
 * (`claimed_by`, `claim_until`): on PostgreSQL the claim picks its row with `FOR UPDATE SKIP LOCKED`,
 * on SQLite the claiming UPDATE is atomic under the single writer. A claim whose holder died runs out
 * and the entry is due again for anyone.
 */
import { skipLocked, type SqlDatabase } from './sql-database.js';
import type { OutboxEntry, OutboxRepository } from './store.js';

interface Row {
  id: string;
  created_at: number;
  recipient: string;
  callee: string;
  caller_name: string;
  caller_uri: string;
  started_at: number;
  duration_ms: number;
  audio: Buffer;
  attempts: number;
  next_attempt_at: number;
  sent_at: number | null;
}

const toEntry = (r: Row): OutboxEntry => ({
  id: r.id,
  createdAt: r.created_at,
  recipient: r.recipient,
  callee: r.callee,
  callerName: r.caller_name,
  callerUri: r.caller_uri,
  startedAt: r.started_at,
  durationMs: r.duration_ms,
  audio: r.audio,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  sentAt: r.sent_at,
});

export function createOutboxRepository(db: SqlDatabase): OutboxRepository {
  return {
    async enqueue(e) {
      await db.run(
        `INSERT INTO voicemail_outbox (id, created_at, recipient, callee, caller_name, caller_uri, started_at,
           duration_ms, audio, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          e.id,
          e.createdAt,
          e.recipient,
          e.callee,
          e.callerName,
          e.callerUri,
          e.startedAt,
          e.durationMs,
          e.audio,
          e.createdAt,
        ],
      );
    },
    async claimNextDue(holder, now, until) {
      // One statement: atomic by itself on both backends (no transaction held across a round trip).
      const row = await db.get<Row>(
        `UPDATE voicemail_outbox SET claimed_by = ?, claim_until = ?
           WHERE id = (SELECT id FROM voicemail_outbox
                       WHERE sent_at IS NULL AND next_attempt_at <= ? AND (claim_until IS NULL OR claim_until <= ?)
                       ORDER BY next_attempt_at, created_at LIMIT 1${skipLocked(db)})
             AND sent_at IS NULL AND (claim_until IS NULL OR claim_until <= ?)
           RETURNING *`,
        [holder, until, now, now, now],
      );
      return row && toEntry(row);
    },
    async nextDueAt() {
      const row = await db.get<{ at: number | null }>(
        'SELECT MIN(next_attempt_at) AS at FROM voicemail_outbox WHERE sent_at IS NULL',
      );
      return row?.at ?? undefined;
    },
    markSent: async (id, holder, now) =>
      (await db.run(
        `UPDATE voicemail_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL,
           claimed_by = NULL, claim_until = NULL WHERE id = ? AND claimed_by = ?`,
        [now, id, holder],
      )) === 1,
    async markFailed(id, holder, attempts, nextAttemptAt, error) {
      await db.run(
        `UPDATE voicemail_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL,
           claim_until = NULL WHERE id = ? AND claimed_by = ?`,
        [attempts, nextAttemptAt, error, id, holder],
      );
    },
    async pendingCount() {
      const row = await db.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM voicemail_outbox WHERE sent_at IS NULL',
      );
      return row?.n ?? 0;
    },
    async listFor(callee) {
      const rows = await db.all<Row>(
        `SELECT id, callee, caller_name, caller_uri, started_at, duration_ms, attempts, sent_at
         FROM voicemail_outbox WHERE callee = ? ORDER BY started_at DESC`,
        [callee],
      );
      return rows.map((r) => ({
        id: r.id,
        callee: r.callee,
        callerName: r.caller_name,
        callerUri: r.caller_uri,
        startedAt: r.started_at,
        durationMs: r.duration_ms,
        attempts: r.attempts,
        sentAt: r.sent_at,
      }));
    },
    audioOf: async (id) =>
      (await db.get<{ audio: Buffer }>('SELECT audio FROM voicemail_outbox WHERE id = ?', [id]))?.audio,
  };
}
