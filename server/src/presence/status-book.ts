/**
 * Each person's chosen status (availability and note), kept in the store and cached here, because the
 * SIP proxy asks synchronously, per call, whether a callee is in Do not disturb. The cache is warmed at
 * start and re-read now and then, so a status set through another service instance reaches this one.
 */
import {
  cleanNote,
  DEFAULT_STATUS,
  isAvailability,
  MAX_STATUS_NOTE_LENGTH,
  type UserStatus,
} from '../../../common/presence-types.js';
import { AccountError } from '../accounts/account-error.js';
import type { StatusRepository } from '../store/store.js';

export interface StatusBookOptions {
  readonly store: StatusRepository;
  readonly now?: () => number;
  /** How often the cache is re-read (ms); 0 never. Default 30 s. */
  readonly refreshMs?: number;
}

export interface StatusBook {
  /** Reads every stored status (call once before serving). */
  load(): Promise<void>;
  /** The user's status now (the default when never set). */
  get(username: string): UserStatus;
  /**
   * Validates and stores a new status; tells listeners.
   * @throws AccountError `invalid` (`invalid_status`) for an unknown availability or a bad note.
   */
  set(username: string, input: Record<string, unknown>): Promise<UserStatus>;
  isDoNotDisturb(username: string): boolean;
  /** Called with the username whenever a status changed. Returns an unsubscribe function. */
  onChange(listener: (username: string) => void): () => void;
  close(): void;
}

/** The request body `{ availability, note }` as a status, or why not. */
export function parseStatusInput(input: Record<string, unknown>): UserStatus {
  const { availability, note = '' } = input;
  if (!isAvailability(availability)) {
    throw new AccountError(
      'invalid',
      'invalid_status',
      'availability must be one of available, away, busy, dnd.',
    );
  }
  if (typeof note !== 'string') throw new AccountError('invalid', 'invalid_status', 'note must be text.');
  const cleaned = cleanNote(note);
  if ([...cleaned].length > MAX_STATUS_NOTE_LENGTH) {
    throw new AccountError(
      'invalid',
      'invalid_status',
      `The note is too long (at most ${MAX_STATUS_NOTE_LENGTH} characters).`,
    );
  }
  return { availability, note: cleaned };
}

const same = (a: UserStatus, b: UserStatus): boolean =>
  a.availability === b.availability && a.note === b.note;

export function createStatusBook(options: StatusBookOptions): StatusBook {
  const now = options.now ?? Date.now;
  const cache = new Map<string, UserStatus>();
  const listeners = new Set<(username: string) => void>();
  const emit = (username: string): void => {
    for (const l of [...listeners]) {
      try {
        l(username);
      } catch {
        // a listener's failure is its own business
      }
    }
  };
  const load = async (): Promise<void> => {
    const stored = await options.store.all();
    const changed = new Set<string>();
    for (const [u, s] of stored) if (!same(cache.get(u) ?? DEFAULT_STATUS, s)) changed.add(u);
    for (const u of cache.keys()) if (!stored.has(u)) changed.add(u);
    cache.clear();
    for (const [u, s] of stored) cache.set(u, s);
    for (const u of changed) emit(u);
  };
  const refreshMs = options.refreshMs ?? 30_000;
  const timer =
    refreshMs > 0
      ? setInterval(() => {
          load().catch(() => undefined); // the database is away: keep what we have
        }, refreshMs)
      : undefined;
  timer?.unref();

  return {
    load,
    get: (username) => cache.get(username) ?? DEFAULT_STATUS,
    async set(username, input) {
      const status = parseStatusInput(input);
      await options.store.set(username, status, now());
      const before = cache.get(username) ?? DEFAULT_STATUS;
      cache.set(username, status);
      if (!same(before, status)) emit(username);
      return status;
    },
    isDoNotDisturb: (username) => cache.get(username)?.availability === 'dnd',
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (timer) clearInterval(timer);
      listeners.clear();
    },
  };
}
