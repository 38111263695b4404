/**
 * The voicemail box: per-voicemail state (peaks, heard, deleted) over the outbox rows, each user's ring
 * time and recorded greeting.
 */
import type { SqlDatabase } from './sql-database.js';
import type { VoicemailRepository, VoicemailRow } from './store.js';

interface Row {
  id: string;
  callee: string;
  caller_name: string;
  caller_uri: string;
  started_at: number;
  duration_ms: number;
  size: number;
  peaks: string | null;
  heard_at: number | null;
  sent_at: number | null;
}

const toRow = (r: Row): VoicemailRow => ({
  id: r.id,
  callee: r.callee,
  callerName: r.caller_name,
  callerUri: r.caller_uri,
  startedAt: r.started_at,
  durationMs: r.duration_ms,
  size: r.size,
  peaks: r.peaks,
  heardAt: r.heard_at,
  sentAt: r.sent_at,
});

const VISIBLE = `FROM voicemail_outbox o LEFT JOIN voicemail_state s ON s.id = o.id
  WHERE o.callee = ? AND s.deleted_at IS NULL`;
const SELECT = `SELECT o.id, o.callee, o.caller_name, o.caller_uri, o.started_at, o.duration_ms,
  length(o.audio) AS size, s.peaks, s.heard_at, o.sent_at ${VISIBLE}`;

export function createVoicemailRepository(db: SqlDatabase): VoicemailRepository {
  return {
    list: async (callee) => (await db.all<Row>(`${SELECT} ORDER BY o.started_at DESC`, [callee])).map(toRow),
    async one(callee, id) {
      const row = await db.get<Row>(`${SELECT} AND o.id = ?`, [callee, id]);
      return row && toRow(row);
    },
    async summary(callee) {
      const row = await db.get<{ total: number; fresh: number | null }>(
        `SELECT COUNT(*) AS total, SUM(CASE WHEN s.heard_at IS NULL THEN 1 ELSE 0 END) AS fresh ${VISIBLE}`,
        [callee],
      );
      return { newCount: row?.fresh ?? 0, totalCount: row?.total ?? 0 };
    },
    audio: async (callee, id) =>
      (await db.get<{ audio: Buffer }>(`SELECT o.audio ${VISIBLE} AND o.id = ?`, [callee, id]))?.audio,
    recording: (id) =>
      db.get<{ callee: string; audio: Buffer }>('SELECT callee, audio FROM voicemail_outbox WHERE id = ?', [
        id,
      ]),
    async savePeaks(id, callee, peaks) {
      await db.run(
        `INSERT INTO voicemail_state (id, callee, peaks) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET peaks = excluded.peaks`,
        [id, callee, peaks],
      );
    },
    async markHeard(id, callee, now) {
      await db.run(
        'UPDATE voicemail_state SET heard_at = COALESCE(heard_at, ?) WHERE id = ? AND callee = ?',
        [now, id, callee],
      );
    },
    async markDeleted(id, callee, now) {
      await db.run('UPDATE voicemail_state SET deleted_at = ? WHERE id = ? AND callee = ?', [
        now,
        id,
        callee,
      ]);
    },
    isDeleted: async (id) =>
      (await db.get('SELECT id FROM voicemail_state WHERE id = ? AND deleted_at IS NOT NULL', [id])) !==
      undefined,
    drop: (id) =>
      db.transaction(async (tx) => {
        await tx.run('DELETE FROM voicemail_outbox WHERE id = ?', [id]);
        await tx.run('DELETE FROM voicemail_state WHERE id = ?', [id]);
      }),
    ringTimeoutSec: async (username) =>
      (
        await db.get<{ ring_timeout_sec: number | null }>(
          'SELECT ring_timeout_sec FROM user_settings WHERE username = ?',
          [username],
        )
      )?.ring_timeout_sec ?? undefined,
    async allRingTimeouts() {
      const rows = await db.all<{ username: string; ring_timeout_sec: number }>(
        'SELECT username, ring_timeout_sec FROM user_settings WHERE ring_timeout_sec IS NOT NULL',
      );
      return new Map(rows.map((r) => [r.username, r.ring_timeout_sec]));
    },
    async setRingTimeoutSec(username, seconds) {
      await db.run(
        `INSERT INTO user_settings (username, ring_timeout_sec) VALUES (?, ?)
         ON CONFLICT (username) DO UPDATE SET ring_timeout_sec = excluded.ring_timeout_sec`,
        [username, seconds],
      );
    },
    greeting: async (username) =>
      (await db.get<{ audio: Buffer }>('SELECT audio FROM voicemail_greeting WHERE username = ?', [username]))
        ?.audio,
    async setGreeting(username, audio, now) {
      await db.run(
        `INSERT INTO voicemail_greeting (username, audio, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET audio = excluded.audio, updated_at = excluded.updated_at`,
        [username, audio, now],
      );
    },
    async deleteGreeting(username) {
      await db.run('DELETE FROM voicemail_greeting WHERE username = ?', [username]);
    },
  };
}
