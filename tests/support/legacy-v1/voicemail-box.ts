/* Frozen copy of the first release's voicemail-box.ts (commit 0d32493), kept to build ./data folders the way that release wrote them (tests/integration/store/legacy-data-migration.test.ts). Do not edit. */
/**
 * The service's own voicemail store, per user: the voicemails themselves are the rows of the durable
 * outbox (server/src/mail/voicemail-outbox.ts keeps every voicemail, mailed or not, with its Ogg audio);
 * this adds what the app needs on top, in the same database:
 * - `voicemail_state`: waveform peaks (computed once at record time), heard and deleted marks;
 * - `user_settings`: the ring time before a call goes to voicemail;
 * - `voicemail_greeting`: a greeting the user recorded.
 * A deleted voicemail's audio is removed at once when it has been mailed (or there is no mail server);
 * one still waiting for the mail server is hidden and removed once it is sent.
 * Every change that moves a user's counts is told to `onChange` listeners (SSE, MWI).
 */
import type { Database } from 'better-sqlite3';
import type { UserSettings, VoicemailEntry } from '../../../common/api-types.js';
import { parseGreeting, type Greeting } from '../../../server/src/voicemail/voicemail-greeting.js';
import { oggOpusPeaks } from '../../../server/src/voicemail/voicemail-peaks.js';

export const DEFAULT_RING_TIMEOUT_SEC = 20;
export const MIN_RING_TIMEOUT_SEC = 5;
export const MAX_RING_TIMEOUT_SEC = 120;

export interface VoicemailBoxOptions {
  /** The database holding the outbox table (created before this). */
  readonly db: Database;
  readonly domain: string;
  /** Whether voicemails are mailed (an unsent one is then kept until sent, even when deleted). */
  readonly mailing: boolean;
  readonly now?: () => number;
}

export interface VoicemailBox {
  list(username: string): VoicemailEntry[];
  summary(username: string): { newCount: number; totalCount: number };
  /** The Ogg file, only for its owner; `undefined` when not theirs or deleted. */
  audio(username: string, id: string): Buffer | undefined;
  /** False when there is no such voicemail of this user. */
  markHeard(username: string, id: string): boolean;
  remove(username: string, id: string): boolean;
  /** The agent queued a new voicemail: compute its peaks and tell listeners. */
  recorded(id: string): void;
  /** The outbox sent one: drop it if the user deleted it meanwhile. */
  sent(id: string): void;
  settings(username: string): UserSettings;
  /** The ring time the user chose, seconds, or undefined when they never set one. */
  storedRingTimeoutSec(username: string): number | undefined;
  setRingTimeoutSec(username: string, seconds: number): void;
  /** Stores a validated greeting. @throws GreetingError */
  setGreeting(username: string, file: Uint8Array): Greeting;
  resetGreeting(username: string): void;
  greeting(username: string): Greeting | undefined;
  onChange(listener: (username: string) => void): () => void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS voicemail_state (
  id TEXT PRIMARY KEY,
  callee TEXT NOT NULL,
  peaks TEXT NOT NULL,
  heard_at INTEGER,
  deleted_at INTEGER
);
CREATE TABLE IF NOT EXISTS user_settings (
  username TEXT PRIMARY KEY,
  ring_timeout_sec INTEGER
);
CREATE TABLE IF NOT EXISTS voicemail_greeting (
  username TEXT PRIMARY KEY,
  audio BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

interface ListRow {
  id: string;
  callee: string;
  caller_name: string;
  caller_uri: string;
  started_at: number;
  duration_ms: number;
  size: number;
  peaks: string | null;
  heard_at: number | null;
}

export function createVoicemailBox(options: VoicemailBoxOptions): VoicemailBox {
  const { db, domain } = options;
  const now = options.now ?? Date.now;
  db.exec(SCHEMA);
  const listeners = new Set<(username: string) => void>();
  const emit = (username: string): void => {
    for (const listener of listeners) listener(username);
  };

  const VISIBLE = `FROM voicemail_outbox o LEFT JOIN voicemail_state s ON s.id = o.id
    WHERE o.callee = ? AND s.deleted_at IS NULL`;
  const selectList = db.prepare<[string], ListRow>(
    `SELECT o.id, o.callee, o.caller_name, o.caller_uri, o.started_at, o.duration_ms,
       length(o.audio) AS size, s.peaks, s.heard_at ${VISIBLE} ORDER BY o.started_at DESC`,
  );
  const selectOne = db.prepare<[string, string], ListRow & { sent_at: number | null }>(
    `SELECT o.id, o.callee, o.sent_at, s.peaks, s.heard_at ${VISIBLE} AND o.id = ?`,
  );
  const selectSummary = db.prepare<[string], { total: number; fresh: number }>(
    `SELECT COUNT(*) AS total, COALESCE(SUM(s.heard_at IS NULL), 0) AS fresh ${VISIBLE}`,
  );
  const selectAudio = db.prepare<[string, string], { audio: Buffer }>(
    `SELECT o.audio ${VISIBLE} AND o.id = ?`,
  );
  const selectCallee = db.prepare<[string], { callee: string; audio: Buffer }>(
    'SELECT callee, audio FROM voicemail_outbox WHERE id = ?',
  );
  const upsertState = db.prepare(
    `INSERT INTO voicemail_state (id, callee, peaks) VALUES (?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET peaks = excluded.peaks`,
  );
  const setHeard = db.prepare(
    'UPDATE voicemail_state SET heard_at = COALESCE(heard_at, ?) WHERE id = ? AND callee = ?',
  );
  const setDeleted = db.prepare('UPDATE voicemail_state SET deleted_at = ? WHERE id = ? AND callee = ?');
  const dropOutbox = db.prepare('DELETE FROM voicemail_outbox WHERE id = ?');
  const dropState = db.prepare('DELETE FROM voicemail_state WHERE id = ?');
  const selectDeleted = db.prepare<[string], { id: string }>(
    'SELECT id FROM voicemail_state WHERE id = ? AND deleted_at IS NOT NULL',
  );
  const selectRing = db.prepare<[string], { ring_timeout_sec: number | null }>(
    'SELECT ring_timeout_sec FROM user_settings WHERE username = ?',
  );
  const upsertRing = db.prepare(
    `INSERT INTO user_settings (username, ring_timeout_sec) VALUES (?, ?)
     ON CONFLICT(username) DO UPDATE SET ring_timeout_sec = excluded.ring_timeout_sec`,
  );
  const selectGreeting = db.prepare<[string], { audio: Buffer }>(
    'SELECT audio FROM voicemail_greeting WHERE username = ?',
  );
  const upsertGreeting = db.prepare(
    `INSERT INTO voicemail_greeting (username, audio, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(username) DO UPDATE SET audio = excluded.audio, updated_at = excluded.updated_at`,
  );
  const deleteGreeting = db.prepare('DELETE FROM voicemail_greeting WHERE username = ?');

  /** Peaks are stored at record time; a row from before (or a crash in between) gets them now. */
  const ensureState = (id: string): { callee: string; peaks: number[] } | undefined => {
    const row = selectCallee.get(id);
    if (!row) return undefined;
    const peaks = oggOpusPeaks(row.audio);
    upsertState.run(id, row.callee, JSON.stringify(peaks));
    return { callee: row.callee, peaks };
  };

  const toEntry = (row: ListRow): VoicemailEntry => {
    const peaks =
      row.peaks === null ? (ensureState(row.id)?.peaks ?? []) : (JSON.parse(row.peaks) as number[]);
    const m = /^sips?:([^@;>]+)@([^;>?]+)/i.exec(row.caller_uri);
    const username = m && m[2]!.toLowerCase() === domain.toLowerCase() ? m[1]!.toLowerCase() : undefined;
    return {
      id: row.id,
      caller: {
        ...(username === undefined ? {} : { username }),
        displayName: row.caller_name || username || row.caller_uri,
        uri: row.caller_uri,
      },
      receivedAt: row.started_at + row.duration_ms,
      durationMs: row.duration_ms,
      sizeBytes: row.size,
      heard: row.heard_at !== null,
      peaks,
    };
  };

  /** The visible row of this user, with a state row guaranteed. */
  const own = (username: string, id: string): (ListRow & { sent_at: number | null }) | undefined => {
    const row = selectOne.get(username, id);
    if (row && row.peaks === null) ensureState(id);
    return row;
  };

  const storedRing = (username: string): number | undefined =>
    selectRing.get(username)?.ring_timeout_sec ?? undefined;

  return {
    list: (username) => selectList.all(username).map(toEntry),
    summary(username) {
      const row = selectSummary.get(username);
      return { newCount: row?.fresh ?? 0, totalCount: row?.total ?? 0 };
    },
    audio: (username, id) => selectAudio.get(username, id)?.audio,
    markHeard(username, id) {
      const row = own(username, id);
      if (!row) return false;
      if (row.heard_at === null) {
        setHeard.run(now(), id, username);
        emit(username);
      }
      return true;
    },
    remove(username, id) {
      const row = own(username, id);
      if (!row) return false;
      if (row.sent_at !== null || !options.mailing) {
        db.transaction(() => {
          dropOutbox.run(id);
          dropState.run(id);
        })();
      } else {
        setDeleted.run(now(), id, username); // still to be mailed: removed once sent
      }
      emit(username);
      return true;
    },
    recorded(id) {
      const state = ensureState(id);
      if (state) emit(state.callee);
    },
    sent(id) {
      if (!selectDeleted.get(id)) return;
      db.transaction(() => {
        dropOutbox.run(id);
        dropState.run(id);
      })();
    },
    settings: (username) => ({
      ringTimeoutSec: storedRing(username) ?? DEFAULT_RING_TIMEOUT_SEC,
      customGreeting: selectGreeting.get(username) !== undefined,
    }),
    storedRingTimeoutSec: storedRing,
    setRingTimeoutSec(username, seconds) {
      upsertRing.run(username, seconds);
    },
    setGreeting(username, file) {
      const greeting = parseGreeting(file);
      upsertGreeting.run(username, Buffer.from(file), now());
      return greeting;
    },
    resetGreeting(username) {
      deleteGreeting.run(username);
    },
    greeting(username) {
      const row = selectGreeting.get(username);
      if (!row) return undefined;
      try {
        return parseGreeting(row.audio);
      } catch {
        return undefined; // validated when stored; a bad row falls back to the default greeting
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
