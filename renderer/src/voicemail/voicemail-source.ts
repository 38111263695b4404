/**
 * Where the app's voicemails come from (issue 6, "Source of voicemails"). Two implementations:
 * - the service's own store, over the HTTP API and the SSE stream (`service-voicemail-source.ts`),
 *   the default and the only one in a plain browser;
 * - the user's mailbox over IMAP4 or POP3, spoken by the desktop main process behind the typed IPC
 *   (`desktop-voicemail-source.ts`).
 *
 * The store (`voicemail-store.ts`) only knows this interface. React never sees a source.
 *
 * Rules every source keeps:
 * - `list()` answers newest first, with `newCount` = entries not yet heard.
 * - Methods reject with a `VoicemailSourceError` whose `message` is a sentence a person can act on.
 * - `watch()` calls `onChange` when the list may have changed elsewhere (another device, new mail);
 *   the store then calls `list()` again. It returns the function that stops watching.
 */
import type { VoicemailEntry } from '../../../common/api-types.js';

export type VoicemailSourceKind = 'service' | 'imap' | 'pop3';

/** One voicemail as the UI shows it: the API's entry (mailbox sources give `peaks: []`, `sizeBytes: 0`). */
export type VoicemailItem = VoicemailEntry;

export interface VoicemailList {
  readonly voicemails: readonly VoicemailItem[];
  readonly newCount: number;
  /** Set when the list is what was kept locally because the server could not be reached (POP3). */
  readonly offlineNote?: string;
}

export interface VoicemailAudio {
  readonly data: Blob;
  readonly mimeType: string;
}

export interface VoicemailSource {
  readonly kind: VoicemailSourceKind;
  list(): Promise<VoicemailList>;
  /** The recording (Ogg Opus). Fetching does not mark it heard. */
  fetchAudio(id: string): Promise<VoicemailAudio>;
  markHeard(id: string, heard: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  watch(onChange: (hint?: { readonly newCount: number }) => void): () => void;
}

export class VoicemailSourceError extends Error {
  override readonly name = 'VoicemailSourceError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Newest first, and the count of new ones, from any list of entries. */
export function toVoicemailList(entries: readonly VoicemailItem[], offlineNote?: string): VoicemailList {
  const voicemails = [...entries].sort((a, b) => b.receivedAt - a.receivedAt);
  return {
    voicemails,
    newCount: voicemails.filter((v) => !v.heard).length,
    ...(offlineNote ? { offlineNote } : {}),
  };
}
