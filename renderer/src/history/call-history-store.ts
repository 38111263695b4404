/**
 * The call history as the UI reads it: an immutable snapshot behind `subscribe()`/`getSnapshot()`
 * (read with `useSyncExternalStore`), fed by the service's API and its `calls` events. No React here.
 *
 *   signed-out ──attach(client)──► loading ──► ready ◄──► (refresh on every `calls` event)
 *                                      └─────► error ──refresh()──► loading
 *
 * While the view is open (`open()`), new entries are marked seen at once, so the badge stays clear.
 */
import { t } from '../i18n/i18n.js';
import type { CallHistoryChange, CallHistoryEntry } from '../../../common/call-history-types.js';
import { ApiError, errorMessage } from '../app/api-error.js';
import type { CallHistoryClient } from './call-history-client.js';

export interface CallHistorySnapshot {
  readonly status: 'signed-out' | 'loading' | 'ready' | 'error';
  readonly entries: readonly CallHistoryEntry[];
  /** Missed calls since the history was last opened on any device of the user (the badge). */
  readonly missedUnseen: number;
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  /** Whether the Call history view is open on this device. */
  readonly viewing: boolean;
  readonly error?: string;
  /** A failed delete or clear, to show until dismissed. */
  readonly notice?: string;
}

export interface CallHistoryStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): CallHistorySnapshot;
  /** Follows a user's history (or none, signed out). */
  attach(client: CallHistoryClient | undefined): void;
  refresh(): Promise<void>;
  loadMore(): Promise<void>;
  /** The view opened: the badge clears (on every device: the service keeps it). */
  open(): Promise<void>;
  close(): void;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  clearNotice(): void;
  dispose(): void;
}

export interface CallHistoryStoreOptions {
  /** A 401: the session is gone (the app signs out). */
  readonly onUnauthorized?: () => void;
}

const EMPTY: CallHistorySnapshot = {
  status: 'signed-out',
  entries: [],
  missedUnseen: 0,
  hasMore: false,
  loadingMore: false,
  viewing: false,
};

export function createCallHistoryStore(options: CallHistoryStoreOptions = {}): CallHistoryStore {
  let snapshot = EMPTY;
  let client: CallHistoryClient | undefined;
  let unwatch: (() => void) | undefined;
  let cursor: string | undefined;
  /** Bumped on attach: answers for an earlier user are dropped. */
  let generation = 0;
  const listeners = new Set<() => void>();

  const set = (patch: Partial<CallHistorySnapshot>): void => {
    snapshot = { ...snapshot, ...patch };
    for (const listener of [...listeners]) listener();
  };
  const failed = (error: unknown): string => {
    if (error instanceof ApiError && error.code === 'unauthorized') options.onUnauthorized?.();
    return errorMessage(error);
  };

  async function refresh(): Promise<void> {
    const c = client;
    const gen = generation;
    if (!c) return;
    if (snapshot.status !== 'ready') set({ status: 'loading' });
    try {
      const page = await c.page();
      if (gen !== generation) return;
      cursor = page.nextCursor;
      set({
        status: 'ready',
        entries: page.entries,
        missedUnseen: snapshot.viewing ? 0 : page.missedUnseen,
        hasMore: page.nextCursor !== undefined,
      });
      if (snapshot.viewing && page.missedUnseen > 0) await markSeen();
    } catch (error) {
      if (gen === generation) set({ status: 'error', error: failed(error) });
    }
  }

  async function markSeen(): Promise<void> {
    const c = client;
    if (!c) return;
    set({ missedUnseen: 0 });
    try {
      await c.markSeen();
    } catch (error) {
      failed(error);
    }
  }

  const onChange = (change?: CallHistoryChange): void => {
    if (change?.reason === 'seen') {
      set({ missedUnseen: change.missedUnseen });
      return;
    }
    if (change && !snapshot.viewing) set({ missedUnseen: change.missedUnseen });
    void refresh();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    attach(next) {
      generation++;
      unwatch?.();
      unwatch = undefined;
      client = next;
      cursor = undefined;
      snapshot = { ...EMPTY, viewing: snapshot.viewing && next !== undefined };
      set({ status: next ? 'loading' : 'signed-out' });
      if (next) {
        unwatch = next.watch(onChange);
        void refresh();
      }
    },
    refresh,
    async loadMore() {
      const c = client;
      const gen = generation;
      if (!c || !cursor || snapshot.loadingMore) return;
      set({ loadingMore: true });
      try {
        const page = await c.page(cursor);
        if (gen !== generation) return;
        cursor = page.nextCursor;
        const known = new Set(snapshot.entries.map((e) => e.id));
        set({
          entries: [...snapshot.entries, ...page.entries.filter((e) => !known.has(e.id))],
          hasMore: page.nextCursor !== undefined,
          loadingMore: false,
        });
      } catch (error) {
        if (gen === generation) set({ loadingMore: false, notice: failed(error) });
      }
    },
    async open() {
      set({ viewing: true });
      await markSeen();
      await refresh();
    },
    close() {
      set({ viewing: false });
    },
    async remove(id) {
      const c = client;
      if (!c) return;
      const before = snapshot.entries;
      set({ entries: before.filter((e) => e.id !== id) });
      try {
        await c.remove(id);
      } catch (error) {
        set({ entries: before, notice: t('history.notDeleted', { error: failed(error) }) });
      }
    },
    async clear() {
      const c = client;
      if (!c) return;
      const before = snapshot.entries;
      set({ entries: [], hasMore: false });
      try {
        await c.clear();
        cursor = undefined;
      } catch (error) {
        set({ entries: before, notice: t('history.notCleared', { error: failed(error) }) });
      }
    },
    clearNotice() {
      const { notice: _gone, ...rest } = snapshot;
      snapshot = rest;
      for (const listener of [...listeners]) listener();
    },
    dispose() {
      generation++;
      unwatch?.();
      unwatch = undefined;
      listeners.clear();
    },
  };
}
