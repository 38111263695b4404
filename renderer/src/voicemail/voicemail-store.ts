/**
 * The voicemail store: one immutable snapshot (list, count of new ones, loading / error) that React reads
 * with `useSyncExternalStore`, and the actions that change it. It knows only a `VoicemailSource`.
 *
 *   attach(source) ─► list() ─► snapshot ◄─ watch(): "changed elsewhere" ─► list() again
 *   markHeard / remove ─► optimistic snapshot ─► source ─► (failure: back to the truth + a sentence)
 *
 * Answers that arrive for an older source (after sign-out or a source switch) are dropped.
 */
import { t, type MessageId } from '../i18n/i18n.js';
import {
  VoicemailSourceError,
  type VoicemailAudio,
  type VoicemailItem,
  type VoicemailSource,
  type VoicemailSourceKind,
} from './voicemail-source.js';

export type VoicemailLoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface VoicemailSnapshot {
  /** The source in use; undefined when signed out. */
  readonly source?: VoicemailSourceKind;
  readonly status: VoicemailLoadStatus;
  /** Newest first. */
  readonly voicemails: readonly VoicemailItem[];
  /** Voicemails not heard yet (the badge). */
  readonly newCount: number;
  /** Why the list could not be loaded (status `error`). */
  readonly error?: string;
  /** The list shown is the local copy (POP3 offline). */
  readonly offlineNote?: string;
  /** The last action that failed (mark heard, delete, play), as a sentence. */
  readonly notice?: string;
}

export interface VoicemailStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): VoicemailSnapshot;
  /** Uses this source from now on (`undefined`: signed out). Loads the list and starts watching. */
  attach(source: VoicemailSource | undefined): void;
  refresh(): Promise<void>;
  markHeard(id: string, heard?: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  /** The recording, fetched once per voicemail and kept while the source stays the same. */
  loadAudio(id: string): Promise<VoicemailAudio>;
  clearNotice(): void;
  dispose(): void;
}

const EMPTY: VoicemailSnapshot = { status: 'idle', voicemails: [], newCount: 0 };

function errorText(error: unknown): string {
  if (error instanceof VoicemailSourceError || error instanceof Error) return error.message;
  return t('error.unknown');
}

const countNew = (list: readonly VoicemailItem[]): number => list.filter((v) => !v.heard).length;

export function createVoicemailStore(options: { readonly onUnauthorized?: () => void } = {}): VoicemailStore {
  let snapshot: VoicemailSnapshot = EMPTY;
  const listeners = new Set<() => void>();
  let source: VoicemailSource | undefined;
  let unwatch: (() => void) | undefined;
  /** Bumped on each attach: late answers from an older source are ignored. */
  let generation = 0;
  /** Bumped on each list request: only the latest answer is applied. */
  let listSeq = 0;
  let audio = new Map<string, Promise<VoicemailAudio>>();

  const set = (next: VoicemailSnapshot): void => {
    if (next === snapshot) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  };
  const patch = (change: Partial<VoicemailSnapshot>): void => set({ ...snapshot, ...change });

  const failed = (error: unknown): void => {
    if (error instanceof VoicemailSourceError && error.code === 'unauthorized') options.onUnauthorized?.();
  };

  async function refresh(): Promise<void> {
    const current = source;
    if (!current) return;
    const gen = generation;
    const seq = ++listSeq;
    if (snapshot.status !== 'ready') patch({ status: 'loading', error: undefined });
    try {
      const list = await current.list();
      if (gen !== generation || seq !== listSeq) return;
      patch({
        status: 'ready',
        voicemails: list.voicemails,
        newCount: list.newCount,
        error: undefined,
        offlineNote: list.offlineNote,
      });
    } catch (error) {
      if (gen !== generation || seq !== listSeq) return;
      failed(error);
      patch({ status: 'error', error: errorText(error) });
    }
  }

  /** Runs an action against the source with an optimistic list; on failure, says so and reloads. */
  async function act(
    optimistic: (list: readonly VoicemailItem[]) => readonly VoicemailItem[],
    run: (s: VoicemailSource) => Promise<void>,
    what: MessageId,
  ): Promise<void> {
    const current = source;
    if (!current) return;
    const gen = generation;
    listSeq++; // an in-flight list answer predates this change: drop it
    const voicemails = optimistic(snapshot.voicemails);
    patch({ voicemails, newCount: countNew(voicemails), notice: undefined });
    try {
      await run(current);
    } catch (error) {
      if (gen !== generation) return;
      failed(error);
      patch({ notice: t(what, { error: errorText(error) }) });
      await refresh();
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    attach(next) {
      unwatch?.();
      unwatch = undefined;
      generation++;
      listSeq++;
      audio = new Map();
      source = next;
      if (!next) {
        set(EMPTY);
        return;
      }
      set({ ...EMPTY, source: next.kind, status: 'loading' });
      const gen = generation;
      unwatch = next.watch((hint) => {
        if (gen !== generation) return;
        if (hint && hint.newCount !== snapshot.newCount) patch({ newCount: hint.newCount });
        void refresh();
      });
      void refresh();
    },
    refresh,
    markHeard(id, heard = true) {
      const item = snapshot.voicemails.find((v) => v.id === id);
      if (!item || item.heard === heard) return Promise.resolve();
      return act(
        (list) => list.map((v) => (v.id === id ? { ...v, heard } : v)),
        (s) => s.markHeard(id, heard),
        heard ? 'voicemail.notMarkedHeard' : 'voicemail.notMarkedNew',
      );
    },
    remove(id) {
      audio.delete(id);
      return act(
        (list) => list.filter((v) => v.id !== id),
        (s) => s.remove(id),
        'voicemail.notDeleted',
      );
    },
    loadAudio(id) {
      const current = source;
      if (!current) return Promise.reject(new VoicemailSourceError('signed_out', t('error.signedOut')));
      let pending = audio.get(id);
      if (!pending) {
        pending = current.fetchAudio(id);
        audio.set(id, pending);
        // A failed download may work next time: forget it.
        pending.catch((error: unknown) => {
          if (audio.get(id) === pending) audio.delete(id);
          failed(error);
        });
      }
      return pending;
    },
    clearNotice() {
      if (snapshot.notice !== undefined) patch({ notice: undefined });
    },
    dispose() {
      unwatch?.();
      unwatch = undefined;
      generation++;
      source = undefined;
      listeners.clear();
    },
  };
}
