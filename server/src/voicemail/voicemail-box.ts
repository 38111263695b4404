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
 * Ring times are also kept in memory (`storedRingTimeoutSec` is read synchronously by the SIP room at
 * every call): loaded by `load()`, updated on every change here, re-read by `load()` again (the
 * voicemail service does so periodically, for changes made through another instance).
 */
import type { UserSettings, VoicemailEntry } from '../../../common/api-types.js';
import type { VoicemailRepository, VoicemailRow } from '../store/store.js';
import { parseGreeting, type Greeting } from './voicemail-greeting.js';
import { oggOpusPeaks } from './voicemail-peaks.js';

export const DEFAULT_RING_TIMEOUT_SEC = 20;
export const MIN_RING_TIMEOUT_SEC = 5;
export const MAX_RING_TIMEOUT_SEC = 120;

export interface VoicemailBoxOptions {
  /** The store's voicemail repository (server/src/store). */
  readonly store: VoicemailRepository;
  readonly domain: string;
  /** Whether voicemails are mailed (an unsent one is then kept until sent, even when deleted). */
  readonly mailing: boolean;
  readonly now?: () => number;
}

export interface VoicemailBox {
  /** (Re)reads the ring times into memory. */
  load(): Promise<void>;
  list(username: string): Promise<VoicemailEntry[]>;
  summary(username: string): Promise<{ newCount: number; totalCount: number }>;
  /** The Ogg file, only for its owner; `undefined` when not theirs or deleted. */
  audio(username: string, id: string): Promise<Buffer | undefined>;
  /** False when there is no such voicemail of this user. */
  markHeard(username: string, id: string): Promise<boolean>;
  remove(username: string, id: string): Promise<boolean>;
  /** The agent queued a new voicemail: compute its peaks and tell listeners. */
  recorded(id: string): Promise<void>;
  /** The outbox sent one: drop it if the user deleted it meanwhile. */
  sent(id: string): Promise<void>;
  settings(username: string): Promise<UserSettings>;
  /** The ring time the user chose, seconds, or undefined when they never set one (from memory). */
  storedRingTimeoutSec(username: string): number | undefined;
  setRingTimeoutSec(username: string, seconds: number): Promise<void>;
  /** Stores a validated greeting. @throws GreetingError */
  setGreeting(username: string, file: Uint8Array): Promise<Greeting>;
  resetGreeting(username: string): Promise<void>;
  greeting(username: string): Promise<Greeting | undefined>;
  onChange(listener: (username: string) => void): () => void;
}

export function createVoicemailBox(options: VoicemailBoxOptions): VoicemailBox {
  const { store, domain } = options;
  const now = options.now ?? Date.now;
  const listeners = new Set<(username: string) => void>();
  const emit = (username: string): void => {
    for (const listener of listeners) listener(username);
  };
  let ringTimes = new Map<string, number>();

  /** Peaks are stored at record time; a row from before (or a crash in between) gets them now. */
  const ensureState = async (id: string): Promise<{ callee: string; peaks: number[] } | undefined> => {
    const row = await store.recording(id);
    if (!row) return undefined;
    const peaks = oggOpusPeaks(row.audio);
    await store.savePeaks(id, row.callee, JSON.stringify(peaks));
    return { callee: row.callee, peaks };
  };

  const toEntry = async (row: VoicemailRow): Promise<VoicemailEntry> => {
    const peaks =
      row.peaks === null ? ((await ensureState(row.id))?.peaks ?? []) : (JSON.parse(row.peaks) as number[]);
    const m = /^sips?:([^@;>]+)@([^;>?]+)/i.exec(row.callerUri);
    const username = m && m[2]!.toLowerCase() === domain.toLowerCase() ? m[1]!.toLowerCase() : undefined;
    return {
      id: row.id,
      caller: {
        ...(username === undefined ? {} : { username }),
        displayName: row.callerName || username || row.callerUri,
        uri: row.callerUri,
      },
      receivedAt: row.startedAt + row.durationMs,
      durationMs: row.durationMs,
      sizeBytes: row.size,
      heard: row.heardAt !== null,
      peaks,
    };
  };

  /** The visible row of this user, with a state row guaranteed. */
  const own = async (username: string, id: string): Promise<VoicemailRow | undefined> => {
    const row = await store.one(username, id);
    if (row && row.peaks === null) await ensureState(id);
    return row;
  };

  const greeting = async (username: string): Promise<Greeting | undefined> => {
    const audio = await store.greeting(username);
    if (!audio) return undefined;
    try {
      return parseGreeting(audio);
    } catch {
      return undefined; // validated when stored; a bad row falls back to the default greeting
    }
  };

  return {
    async load() {
      ringTimes = await store.allRingTimeouts();
    },
    async list(username) {
      const rows = await store.list(username);
      const out: VoicemailEntry[] = [];
      for (const row of rows) out.push(await toEntry(row));
      return out;
    },
    summary: (username) => store.summary(username),
    audio: (username, id) => store.audio(username, id),
    async markHeard(username, id) {
      const row = await own(username, id);
      if (!row) return false;
      if (row.heardAt === null) {
        await store.markHeard(id, username, now());
        emit(username);
      }
      return true;
    },
    async remove(username, id) {
      const row = await own(username, id);
      if (!row) return false;
      if (row.sentAt !== null || !options.mailing) await store.drop(id);
      else await store.markDeleted(id, username, now()); // still to be mailed: removed once sent
      emit(username);
      return true;
    },
    async recorded(id) {
      const state = await ensureState(id);
      if (state) emit(state.callee);
    },
    async sent(id) {
      if (await store.isDeleted(id)) await store.drop(id);
    },
    async settings(username) {
      const stored = await store.ringTimeoutSec(username);
      if (stored === undefined) ringTimes.delete(username);
      else ringTimes.set(username, stored);
      return {
        ringTimeoutSec: stored ?? DEFAULT_RING_TIMEOUT_SEC,
        customGreeting: (await store.greeting(username)) !== undefined,
      };
    },
    storedRingTimeoutSec: (username) => ringTimes.get(username),
    async setRingTimeoutSec(username, seconds) {
      await store.setRingTimeoutSec(username, seconds);
      ringTimes.set(username, seconds);
    },
    async setGreeting(username, file) {
      const parsed = parseGreeting(file);
      await store.setGreeting(username, Buffer.from(file), now());
      return parsed;
    },
    resetGreeting: (username) => store.deleteGreeting(username),
    greeting,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
