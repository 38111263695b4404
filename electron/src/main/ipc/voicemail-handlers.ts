/**
 * Main-side handlers of the `voicemail:*` channels: the user's mailbox (IMAP4 / POP3) as a voicemail
 * source, through G's mailbox module (../mailbox/voicemail-mailbox.ts, no Electron inside).
 *
 * - The chosen source lives in a small JSON file (no secret in it); the mailbox password is kept by the
 *   credential store (OS keychain through `safeStorage`), like the SIP password, and never sent back.
 * - Mailbox operations run one at a time: a POP3 maildrop is locked per session (RFC 1939 §8), and one
 *   IMAP login at a time is kind to the server.
 * - Every `MailboxError` becomes `{ ok: false, error: { code, message } }` with the module's sentence
 *   ("authentication failed", "server not reachable", "TLS required").
 * - POP3 offline: when the server cannot be reached, the list is the downloaded copy, with a note.
 */
import {
  ipcError,
  ipcOk,
  type IpcErrorCode,
  type IpcResult,
  type MailboxVoicemail,
  type VoicemailSourceSettings,
  type VoicemailSourceUpdate,
} from '../../../../common/ipc-contract.js';
import type { CredentialStore } from '../credentials/credential-store.js';
import type {
  MailboxErrorCode,
  MailboxSettings,
  VoicemailRecording,
  VoicemailSummary,
} from '../mailbox/mailbox-types.js';
import { readJsonFile, writeJsonFile } from '../settings/json-file.js';
import type { IpcHandlers } from './ipc-router.js';
import { validateSourceUpdate } from './voicemail-validators.js';

/** The functions of ../mailbox/voicemail-mailbox.ts used here (fakes in unit tests). */
export interface MailboxApi {
  listVoicemails(settings: MailboxSettings): Promise<VoicemailSummary[]>;
  listOfflineVoicemails(settings: MailboxSettings): Promise<VoicemailSummary[]>;
  fetchVoicemail(settings: MailboxSettings, id: string): Promise<VoicemailRecording>;
  markHeard(settings: MailboxSettings, id: string, heard?: boolean): Promise<void>;
  deleteVoicemail(settings: MailboxSettings, id: string): Promise<void>;
  checkMailbox(settings: MailboxSettings): Promise<void>;
}

export interface VoicemailHandlerDeps {
  /** JSON file with the chosen source (no password). */
  readonly sourceFile: string;
  /** Folder for POP3 downloads (playable offline). */
  readonly pop3StoreDir: string;
  readonly credentials: Pick<CredentialStore, 'save' | 'load' | 'remove'>;
  readonly mailbox: MailboxApi;
}

export type VoicemailChannel =
  | 'voicemail:get-source'
  | 'voicemail:save-source'
  | 'voicemail:check-source'
  | 'voicemail:list'
  | 'voicemail:fetch-audio'
  | 'voicemail:mark-heard'
  | 'voicemail:delete';

type MailboxSource = Exclude<VoicemailSourceSettings, { kind: 'service' }>;
type StoredSource = { kind: 'service' } | Omit<MailboxSource, 'hasPassword'>;

const ERROR_CODES: Record<MailboxErrorCode, IpcErrorCode> = {
  'auth-failed': 'auth_failed',
  unreachable: 'unreachable',
  'tls-required': 'tls_required',
  'tls-failed': 'tls_failed',
  'not-found': 'not_found',
  'invalid-settings': 'invalid_argument',
  protocol: 'mail_error',
};

/** The credential-store key of a mailbox password. */
export function mailboxAccountKey(source: Pick<MailboxSource, 'kind' | 'user' | 'host' | 'port'>): string {
  return `voicemail-${source.kind}:${source.user}@${source.host}:${source.port}`;
}

function toIpcError<T>(error: unknown): IpcResult<T> {
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  if (e && e.name === 'MailboxError' && typeof e.code === 'string' && e.code in ERROR_CODES) {
    return ipcError(ERROR_CODES[e.code as MailboxErrorCode], String(e.message));
  }
  throw error; // anything else is a bug: the router logs it and answers `internal`
}

export function createVoicemailHandlers(deps: VoicemailHandlerDeps): Pick<IpcHandlers, VoicemailChannel> {
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs mailbox work one at a time. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function readSource(): Promise<StoredSource> {
    const raw = await readJsonFile(deps.sourceFile);
    const checked = validateSourceUpdate(raw);
    if (!checked.ok || checked.value.kind === 'service') return { kind: 'service' };
    const { kind, host, port, tls, user, leaveCopy } = checked.value;
    return { kind, host, port, tls, user, leaveCopy: leaveCopy ?? false };
  }

  async function hasPassword(source: StoredSource): Promise<boolean> {
    if (source.kind === 'service') return false;
    const loaded = await deps.credentials.load(mailboxAccountKey(source));
    return loaded.ok && loaded.value !== null;
  }

  async function view(source: StoredSource): Promise<VoicemailSourceSettings> {
    return source.kind === 'service' ? source : { ...source, hasPassword: await hasPassword(source) };
  }

  /** Settings for the mailbox module, with the password given or the stored one. */
  async function settingsFor(source: StoredSource, password?: string): Promise<IpcResult<MailboxSettings>> {
    if (source.kind === 'service')
      return ipcError('not_configured', 'Voicemail comes from the Parley service, not a mailbox.');
    let secret = password;
    if (secret === undefined) {
      const loaded = await deps.credentials.load(mailboxAccountKey(source));
      if (!loaded.ok) return loaded;
      secret = loaded.value ?? undefined;
    }
    if (!secret) return ipcError('not_configured', 'Enter the mailbox password in Voicemail settings.');
    return ipcOk({
      protocol: source.kind,
      host: source.host,
      port: source.port,
      tls: source.tls,
      user: source.user,
      password: secret,
      leaveCopy: source.leaveCopy,
      storeDir: deps.pop3StoreDir,
    });
  }

  /** Runs `work` against the configured mailbox, mapping mailbox errors to IPC errors. */
  function withMailbox<T>(work: (settings: MailboxSettings) => Promise<T>): Promise<IpcResult<T>> {
    return serial(async () => {
      const settings = await settingsFor(await readSource());
      if (!settings.ok) return settings;
      try {
        return ipcOk(await work(settings.value));
      } catch (error) {
        return toIpcError<T>(error);
      }
    });
  }

  const toEntry = (s: VoicemailSummary): MailboxVoicemail => ({
    id: s.id,
    caller: s.caller,
    callerUri: s.callerUri,
    receivedAt: s.receivedAt,
    durationMs: Math.round(s.durationSec * 1000),
    heard: s.heard,
  });

  function stored(update: VoicemailSourceUpdate): StoredSource {
    if (update.kind === 'service') return { kind: 'service' };
    const { kind, host, port, tls, user, leaveCopy } = update;
    return { kind, host, port, tls, user, leaveCopy: leaveCopy ?? false };
  }

  return {
    'voicemail:get-source': async () => ipcOk(await view(await readSource())),

    'voicemail:save-source': (update) =>
      serial(async () => {
        const before = await readSource();
        const next = stored(update);
        const beforeKey = before.kind === 'service' ? undefined : mailboxAccountKey(before);
        const nextKey = next.kind === 'service' ? undefined : mailboxAccountKey(next);
        if (next.kind !== 'service' && update.kind !== 'service' && update.password !== undefined) {
          const saved = await deps.credentials.save({
            account: mailboxAccountKey(next),
            secret: update.password,
            ...(update.allowPlainText === undefined ? {} : { allowPlainText: update.allowPlainText }),
          });
          if (!saved.ok) return saved;
        }
        // A password no longer in use is not kept.
        if (beforeKey && beforeKey !== nextKey) await deps.credentials.remove(beforeKey);
        await writeJsonFile(deps.sourceFile, next);
        return ipcOk(await view(next));
      }),

    'voicemail:check-source': (update) =>
      serial(async () => {
        if (update.kind === 'service') return ipcOk(null);
        const settings = await settingsFor(stored(update), update.password);
        if (!settings.ok) return settings;
        try {
          await deps.mailbox.checkMailbox(settings.value);
          return ipcOk(null);
        } catch (error) {
          return toIpcError<null>(error);
        }
      }),

    'voicemail:list': () =>
      serial(async () => {
        const settings = await settingsFor(await readSource());
        if (!settings.ok) return settings;
        try {
          const list = await deps.mailbox.listVoicemails(settings.value);
          return ipcOk({ voicemails: list.map(toEntry) });
        } catch (error) {
          const code = (error as { code?: unknown } | null)?.code;
          if (settings.value.protocol === 'pop3' && code === 'unreachable') {
            // POP3 voicemails were downloaded: they stay playable offline.
            const local = await deps.mailbox.listOfflineVoicemails(settings.value);
            return ipcOk({
              voicemails: local.map(toEntry),
              offlineNote: `Showing downloaded voicemails: ${String((error as Error).message)}.`,
            });
          }
          return toIpcError(error);
        }
      }),

    'voicemail:fetch-audio': (id) =>
      withMailbox(async (settings) => {
        const recording = await deps.mailbox.fetchVoicemail(settings, id);
        // A copy that owns its bytes (a Buffer may be a view into a larger pool).
        return { data: new Uint8Array(recording.audio), mimeType: recording.mimeType || 'audio/ogg' };
      }),

    'voicemail:mark-heard': ({ id, heard }) =>
      withMailbox(async (settings) => {
        await deps.mailbox.markHeard(settings, id, heard);
        return null;
      }),

    'voicemail:delete': (id) =>
      withMailbox(async (settings) => {
        await deps.mailbox.deleteVoicemail(settings, id);
        return null;
      }),
  };
}
