/**
 * Call recordings (migration 8; issue 16 item 4): one row per recording with its Ogg Opus file, owned by
 * one user (every read and delete names the owner). Removed with the account (ON DELETE CASCADE).
 */
import type { SqlDatabase } from './sql-database.js';

/** One stored recording (times in ms since the epoch). */
export interface RecordingRecord {
  readonly id: string;
  readonly username: string;
  readonly peerUri: string;
  readonly peerName: string | null;
  readonly direction: 'outgoing' | 'incoming';
  /** The SIP Call-ID of the recorded call, when the client gave it. */
  readonly callId: string | null;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly size: number;
  readonly peaks: readonly number[];
  readonly createdAt: number;
}

export interface RecordingRepository {
  add(record: Omit<RecordingRecord, 'size'>, audio: Buffer): Promise<RecordingRecord>;
  /** A user's recordings, newest first (without audio). */
  list(username: string): Promise<RecordingRecord[]>;
  /** The Ogg Opus file, only for its owner. */
  audio(username: string, id: string): Promise<Buffer | undefined>;
  /** Whether a recording of this user was removed. */
  delete(username: string, id: string): Promise<boolean>;
}

interface Row {
  id: string;
  username: string;
  peer_uri: string;
  peer_name: string | null;
  direction: RecordingRecord['direction'];
  call_id: string | null;
  started_at: number;
  duration_ms: number;
  size: number;
  peaks: string;
  created_at: number;
}

const COLUMNS = `id, username, peer_uri, peer_name, direction, call_id, started_at, duration_ms,
  length(audio) AS size, peaks, created_at`;

function parsePeaks(text: string): number[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];
  } catch {
    return [];
  }
}

const toRecord = (r: Row): RecordingRecord => ({
  id: r.id,
  username: r.username,
  peerUri: r.peer_uri,
  peerName: r.peer_name,
  direction: r.direction,
  callId: r.call_id,
  startedAt: Number(r.started_at),
  durationMs: Number(r.duration_ms),
  size: Number(r.size),
  peaks: parsePeaks(r.peaks),
  createdAt: Number(r.created_at),
});

export function createRecordingRepository(db: SqlDatabase): RecordingRepository {
  return {
    async add(r, audio) {
      await db.run(
        `INSERT INTO call_recordings (id, username, peer_uri, peer_name, direction, call_id, started_at,
           duration_ms, peaks, audio, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          r.id,
          r.username,
          r.peerUri,
          r.peerName,
          r.direction,
          r.callId,
          r.startedAt,
          r.durationMs,
          JSON.stringify(r.peaks),
          audio,
          r.createdAt,
        ],
      );
      return { ...r, size: audio.length };
    },
    async list(username) {
      const rows = await db.all<Row>(
        `SELECT ${COLUMNS} FROM call_recordings WHERE username = ? ORDER BY started_at DESC, id DESC`,
        [username],
      );
      return rows.map(toRecord);
    },
    async audio(username, id) {
      const row = await db.get<{ audio: Buffer }>(
        'SELECT audio FROM call_recordings WHERE username = ? AND id = ?',
        [username, id],
      );
      return row?.audio;
    },
    async delete(username, id) {
      return (await db.run('DELETE FROM call_recordings WHERE username = ? AND id = ?', [username, id])) > 0;
    },
  };
}
