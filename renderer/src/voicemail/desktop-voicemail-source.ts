/**
 * Voicemail from the user's mailbox (IMAP4 or POP3), read by the desktop main process behind the typed
 * IPC (renderer/src/platform/desktop-voicemail.ts). IMAP keeps everything on the server (heard = `\Seen`,
 * delete = `\Deleted` + expunge); POP3 downloads and keeps a local copy that stays playable offline.
 *
 * New mail appears without a restart by polling (`pollMs`, default 60 s) and when the window regains
 * focus (the caller passes `onFocus`).
 */
import type { IpcResult, MailboxVoicemail } from '../../../common/ipc-contract.js';
import type { DesktopVoicemailApi } from '../platform/desktop-voicemail.js';
import {
  toVoicemailList,
  VoicemailSourceError,
  type VoicemailItem,
  type VoicemailSource,
} from './voicemail-source.js';

export interface DesktopVoicemailSourceOptions {
  readonly kind: 'imap' | 'pop3';
  readonly api: DesktopVoicemailApi;
  /** How often to look for new voicemail. Default 60 s. */
  readonly pollMs?: number;
  /** Subscribes to "the user is back" (window focused); returns the unsubscribe function. */
  readonly onFocus?: (listener: () => void) => () => void;
  readonly setInterval?: (run: () => void, ms: number) => unknown;
  readonly clearInterval?: (handle: unknown) => void;
}

function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new VoicemailSourceError(result.error.code, result.error.message);
}

/** A mailbox voicemail in the app's shape (no peaks: the waveform is drawn once the audio is loaded). */
export function fromMailbox(entry: MailboxVoicemail): VoicemailItem {
  const user = /^sips?:([^@;>]+)@/i.exec(entry.callerUri)?.[1];
  return {
    id: entry.id,
    caller: { displayName: entry.caller, uri: entry.callerUri, ...(user ? { username: user } : {}) },
    receivedAt: entry.receivedAt,
    durationMs: entry.durationMs,
    sizeBytes: 0,
    heard: entry.heard,
    peaks: [],
  };
}

export function createDesktopVoicemailSource(options: DesktopVoicemailSourceOptions): VoicemailSource {
  const { api } = options;
  const every = options.setInterval ?? ((run, ms) => globalThis.setInterval(run, ms));
  const stop =
    options.clearInterval ??
    ((handle) => globalThis.clearInterval(handle as ReturnType<typeof globalThis.setInterval>));
  return {
    kind: options.kind,
    async list() {
      const value = unwrap(await api.list());
      return toVoicemailList(value.voicemails.map(fromMailbox), value.offlineNote);
    },
    async fetchAudio(id) {
      const value = unwrap(await api.fetchAudio(id));
      const mimeType = value.mimeType || 'audio/ogg';
      // Copy into a fresh ArrayBuffer-backed view (a Blob part must not be a SharedArrayBuffer view).
      return { data: new Blob([new Uint8Array(value.data)], { type: mimeType }), mimeType };
    },
    async markHeard(id, heard) {
      unwrap(await api.markHeard(id, heard));
    },
    async remove(id) {
      unwrap(await api.remove(id));
    },
    watch(onChange) {
      const handle = every(() => onChange(), options.pollMs ?? 60_000);
      const offFocus = options.onFocus?.(() => onChange());
      return () => {
        stop(handle);
        offFocus?.();
      };
    },
  };
}
