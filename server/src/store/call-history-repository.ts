/**
 * Call history rows (migration 5): one row per user and call, newest first, at most `keepPerUser` rows
 * per user (older ones are dropped as new ones arrive), and when each user last viewed the list (the
 * missed-call badge counts missed rows recorded after that).
 */
import type { SqlDatabase } from './sql-database.js';

/** One call as one user saw it (times in ms since the epoch). */
export interface CallHistoryRecord {
  readonly id: string;
  readonly username: string;
  readonly callId: string;
  readonly direction: 'outgoing' | 'incoming' | 'missed';
  readonly outcome: string;
  readonly peerUsername: string | null;
  readonly peerUri: string;
  readonly peerName: string | null;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly device: string | null;
  readonly answeredBy: string | null;
  readonly answeredOn: string | null;
  readonly status: number | null;
  readonly recordedAt: number;
}

/** Where a page ends: the (startedAt, id) of its last row. */
export interface CallHistoryCursor {
  readonly startedAt: number;
  readonly id: string;
}

export interface CallHistoryRepository {
  /** Stores a row, then drops the user's rows beyond the newest `keepPerUser`. */
  add(record: CallHistoryRecord): Promise<void>;
  /**
   * Sets `ended_at` on the answered, not yet ended rows of a call (both parties' rows); returns the
   * rows changed.
   */
  end(callId: string, endedAt: number): Promise<CallHistoryRecord[]>;
  /** Up to `limit` rows of a user, newest first, older than `before` when given. */
  page(username: string, limit: number, before?: CallHistoryCursor): Promise<CallHistoryRecord[]>;
  /** Whether a row of this user was removed. */
  delete(username: string, id: string): Promise<boolean>;
  /** Removes every row of a user; returns how many. */
  clear(username: string): Promise<number>;
  /** The user viewed the list at `now`: missed calls recorded until then no longer count. */
  markSeen(username: string, now: number): Promise<void>;
  /** Missed rows recorded after the user last viewed the list. */
  missedUnseen(username: string): Promise<number>;
}

interface Row {
  id: string;
  username: string;
  call_id: string;
  direction: CallHistoryRecord['direction'];
  outcome: string;
  peer_username: string | null;
  peer_uri: string;
  peer_name: string | null;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  device: string | null;
  answered_by: string | null;
  answered_on: string | null;
  status: number | null;
  recorded_at: number;
}

const COLUMNS = `id, username, call_id, direction, outcome, peer_username, peer_uri, peer_name, started_at,
  answered_at, ended_at, device, answered_by, answered_on, status, recorded_at`;

const toRecord = (r: Row): CallHistoryRecord => ({
  id: r.id,
  username: r.username,
  callId: r.call_id,
  direction: r.direction,
  outcome: r.outcome,
  peerUsername: r.peer_username,
  peerUri: r.peer_uri,
  peerName: r.peer_name,
  startedAt: r.started_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  device: r.device,
  answeredBy: r.answered_by,
  answeredOn: r.answered_on,
  status: r.status,
  recordedAt: r.recorded_at,
});

/** Rows kept per user unless told otherwise (README: "the last 1,000 calls"). */
export const CALL_HISTORY_KEEP = 1000;

export function createCallHistoryRepository(
  db: SqlDatabase,
  keepPerUser = CALL_HISTORY_KEEP,
): CallHistoryRepository {
  return {
    async add(r) {
      await db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO call_history (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            r.id,
            r.username,
            r.callId,
            r.direction,
            r.outcome,
            r.peerUsername,
            r.peerUri,
            r.peerName,
            r.startedAt,
            r.answeredAt,
            r.endedAt,
            r.device,
            r.answeredBy,
            r.answeredOn,
            r.status,
            r.recordedAt,
          ],
        );
        await tx.run(
          `DELETE FROM call_history WHERE username = ? AND id NOT IN (
             SELECT id FROM call_history WHERE username = ? ORDER BY started_at DESC, id DESC LIMIT ?)`,
          [r.username, r.username, keepPerUser],
        );
      });
    },
    async end(callId, endedAt) {
      const rows = await db.all<Row>(
        `UPDATE call_history SET ended_at = ?
         WHERE call_id = ? AND answered_at IS NOT NULL AND ended_at IS NULL RETURNING ${COLUMNS}`,
        [Math.max(endedAt, 0), callId],
      );
      return rows.map(toRecord);
    },
    async page(username, limit, before) {
      const rows = before
        ? await db.all<Row>(
            `SELECT ${COLUMNS} FROM call_history WHERE username = ?
               AND (started_at < ? OR (started_at = ? AND id < ?))
             ORDER BY started_at DESC, id DESC LIMIT ?`,
            [username, before.startedAt, before.startedAt, before.id, limit],
          )
        : await db.all<Row>(
            `SELECT ${COLUMNS} FROM call_history WHERE username = ? ORDER BY started_at DESC, id DESC LIMIT ?`,
            [username, limit],
          );
      return rows.map(toRecord);
    },
    async delete(username, id) {
      return (await db.run('DELETE FROM call_history WHERE username = ? AND id = ?', [username, id])) > 0;
    },
    clear: (username) => db.run('DELETE FROM call_history WHERE username = ?', [username]),
    async markSeen(username, now) {
      await db.run(
        `INSERT INTO call_history_seen (username, seen_at) VALUES (?, ?)
         ON CONFLICT (username) DO UPDATE SET seen_at = excluded.seen_at`,
        [username, now],
      );
    },
    async missedUnseen(username) {
      const row = await db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM call_history h
         WHERE h.username = ? AND h.direction = 'missed' AND h.recorded_at >
           COALESCE((SELECT seen_at FROM call_history_seen s WHERE s.username = h.username), -1)`,
        [username],
      );
      return Number(row?.n ?? 0);
    },
  };
}
