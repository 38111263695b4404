/**
 * The desktop IPC contract: every channel between the Electron main process and the renderer, with its
 * argument and result types. IPC carries OS matters only (ARCHITECTURE.md): tray, notifications,
 * protocol links, shortcuts, power events, credentials, settings, updates, voicemail from the mailbox
 * (IMAP4 / POP3). SIP and media never cross it.
 *
 *   renderer ──invoke(channel, arg)──► preload ──► main: validate arg ─► handler ─► IpcResult
 *   renderer ◄──on(event, payload)──── preload ◄── main: webContents.send(event channel, payload)
 *
 * Rules kept by both sides:
 * - Nothing throws across IPC: every invoke resolves to `IpcResult` (`{ ok: true, value }` or
 *   `{ ok: false, error: { code, message } }`), including for unknown channels and bad input.
 * - Main validates every argument (electron/src/main/ipc/ipc-validators.ts) and only answers frames of
 *   the Parley origin.
 * - The preload exposes exactly one object, `window.parley` (`ParleyDesktopApi`), and accepts only the
 *   channel names listed here.
 *
 * This file is shared by main, preload and renderer: it must import nothing and hold no Electron types.
 */

/** The name of the single object the preload puts on `window`. */
export const DESKTOP_BRIDGE_KEY = 'parley';

// ───────────────────────────── shared value types ─────────────────────────────

/** What the tray shows; `dnd` is added by main, which owns the do-not-disturb switch. */
export type TrayRegistration = 'registered' | 'connecting' | 'offline';
export type TrayIconState = TrayRegistration | 'dnd';

export interface TrayStatus {
  readonly registration: TrayRegistration;
  /** 0…9999 */
  readonly missedCalls: number;
  /** 0…9999 */
  readonly unreadMessages: number;
}

export interface IncomingCallNotice {
  /** Engine call id: 1…128 characters of `[A-Za-z0-9._:@-]`. */
  readonly callId: string;
  /** Who calls, as shown to the user (display name or username); 1…200 characters, one line. */
  readonly from: string;
  /** The caller's address (SIP URI or username), optional; ≤ 512 characters. */
  readonly address?: string;
}

export interface MissedCallNotice {
  readonly callId: string;
  readonly from: string;
}

export interface MessageNotice {
  /** Message id, same shape as a call id. */
  readonly messageId: string;
  readonly from: string;
  /** First words of the message; ≤ 500 characters (longer text is refused, the renderer trims). */
  readonly preview: string;
}

export type ShortcutAction = 'answer' | 'hangup';

/** The languages the desktop shell speaks (tray, notifications): the renderer's, see renderer/src/i18n. */
export const SHELL_LOCALES = ['en', 'de', 'es'] as const;
export type ShellLocale = (typeof SHELL_LOCALES)[number];

export interface DesktopSettings {
  /** Closing the window keeps Parley running in the tray. */
  readonly closeToTray: boolean;
  /** Start hidden in the tray. */
  readonly startMinimized: boolean;
  /** Start with the user session (macOS / Windows login items; Linux autostart is left to the OS). */
  readonly startAtLogin: boolean;
  /** Electron accelerators (e.g. `CommandOrControl+Shift+A`), or `null` to turn one off. */
  readonly shortcuts: { readonly answer: string | null; readonly hangup: string | null };
}

export type DesktopSettingsPatch = Partial<Omit<DesktopSettings, 'shortcuts'>> & {
  readonly shortcuts?: Partial<DesktopSettings['shortcuts']>;
};

/** How the OS keeps secrets. `plainTextOnly`: Linux without a keyring (`basic_text`): offer not to remember. */
export interface CredentialStorageStatus {
  readonly available: boolean;
  readonly plainTextOnly: boolean;
  /** e.g. `keychain`, `dpapi`, `gnome_libsecret`, `kwallet5`, `basic_text`, `unknown`. */
  readonly backend: string;
}

export interface SaveCredentialRequest {
  /** Account key, e.g. `alice@example.org`; 1…320 characters, one line. */
  readonly account: string;
  /** The secret (password or token); 1…4096 characters. */
  readonly secret: string;
  /** Must be true to store where only the plain-text fallback exists; otherwise `plain_text_only`. */
  readonly allowPlainText?: boolean;
}

export type UpdateStatus =
  | { readonly state: 'no-feed'; readonly message: string }
  | { readonly state: 'checking'; readonly message: string }
  | { readonly state: 'up-to-date'; readonly message: string }
  | { readonly state: 'available'; readonly message: string; readonly version: string }
  | { readonly state: 'downloaded'; readonly message: string; readonly version: string }
  | { readonly state: 'error'; readonly message: string };

export interface DesktopInfo {
  readonly version: string;
  readonly platform: 'darwin' | 'win32' | 'linux' | 'other';
  /** Whether native notifications can carry Answer / Decline buttons on this OS. */
  readonly notificationActions: boolean;
  readonly updateFeedConfigured: boolean;
}

/** A call request that came from a `sip:`, `sips:`, `tel:` or `callto:` link, already validated by main. */
export interface DialRequest {
  /** What to pass to `PhoneEngine.call()`: a username, `user@host`, a `sip:`/`sips:` URI or an E.164 number. */
  readonly target: string;
  readonly scheme: 'sip' | 'sips' | 'tel' | 'callto';
}

/** Where the desktop app reads voicemail (issue 6): the service's store, or the user's mailbox. */
export type VoicemailSourceKind = 'service' | 'imap' | 'pop3';
/** none: plain TCP; starttls: upgrade after connecting; implicit: TLS from the first byte (993 / 995). */
export type MailTlsMode = 'none' | 'starttls' | 'implicit';

/** The voicemail source as main keeps it. The mailbox password never leaves main (`hasPassword`). */
export type VoicemailSourceSettings =
  | { readonly kind: 'service' }
  | {
      readonly kind: 'imap' | 'pop3';
      /** Host name or IP; 1…253 characters, no spaces. */
      readonly host: string;
      /** 1…65535 */
      readonly port: number;
      readonly tls: MailTlsMode;
      /** Mailbox user; 1…320 characters, one line. */
      readonly user: string;
      /** POP3: keep messages on the server after downloading (default false, the POP way). */
      readonly leaveCopy: boolean;
      /** Whether a password is stored (in the OS keychain, like the SIP password). */
      readonly hasPassword: boolean;
    };

/** Save or test a voicemail source. `password` omitted = keep (or test with) the stored one. */
export type VoicemailSourceUpdate =
  | { readonly kind: 'service' }
  | {
      readonly kind: 'imap' | 'pop3';
      readonly host: string;
      readonly port: number;
      readonly tls: MailTlsMode;
      readonly user: string;
      /** 1…4096 characters. */
      readonly password?: string;
      readonly leaveCopy?: boolean;
      /** Store the password even where only plain-text storage exists (see `CredentialStorageStatus`). */
      readonly allowPlainText?: boolean;
    };

/** One voicemail read from the mailbox (the `X-Parley-*` headers of the email). */
export interface MailboxVoicemail {
  /** IMAP `<uidvalidity>:<uid>`, POP3 UIDL: 1…200 printable ASCII characters. */
  readonly id: string;
  readonly caller: string;
  readonly callerUri: string;
  /** Epoch ms. */
  readonly receivedAt: number;
  readonly durationMs: number;
  readonly heard: boolean;
}

export interface MailboxVoicemailList {
  readonly voicemails: readonly MailboxVoicemail[];
  /** Set when the server could not be reached and the list is the local copy (POP3). */
  readonly offlineNote?: string;
}

export interface MailboxVoicemailAudio {
  /** The Ogg Opus attachment's bytes. */
  readonly data: Uint8Array;
  readonly mimeType: string;
}

export interface MailboxHeardRequest {
  readonly id: string;
  readonly heard: boolean;
}

/** Call recordings in a folder the desktop user chose (issue 16); `path` null = none chosen yet. */
export interface RecordingFolder {
  readonly path: string | null;
}

/** A finished recording to keep in the chosen folder (Ogg Opus bytes and what the list shows). */
export interface SaveRecordingRequest {
  readonly peerUri: string;
  readonly peerName?: string;
  readonly direction: 'outgoing' | 'incoming';
  /** Epoch ms. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly data: Uint8Array;
}

/** One recording of the folder; `id` is its file name (`parley-….ogg`). */
export interface FolderRecording {
  readonly id: string;
  readonly peerUri: string;
  readonly peerName?: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly startedAt: number;
  readonly durationMs: number;
  readonly size: number;
}

export interface FolderRecordingList {
  readonly recordings: readonly FolderRecording[];
}

// ───────────────────────────── invoke channels (renderer → main) ─────────────────────────────

/** Every request channel: `[argument, result]`. `void` argument means "send nothing". */
export interface IpcInvokeMap {
  'app:get-info': [void, DesktopInfo];
  /** The user's language (Settings, else the system's): the tray menu and notifications follow it. */
  'app:set-locale': [ShellLocale, null];
  'window:show': [void, null];
  'tray:set-status': [TrayStatus, null];
  'dnd:get': [void, boolean];
  'dnd:set': [boolean, boolean];
  'notify:incoming-call': [IncomingCallNotice, null];
  /** Closes the incoming-call notification (answered here or elsewhere, declined, ended). */
  'notify:clear-call': [string, null];
  'notify:missed-call': [MissedCallNotice, null];
  'notify:message': [MessageNotice, null];
  /** Dial requests that arrived before the renderer was ready (first launch); returned once, then cleared. */
  'links:take-pending': [void, readonly DialRequest[]];
  /** Opens an `https:` link in the user's browser. */
  'links:open-external': [string, null];
  'settings:get': [void, DesktopSettings];
  'settings:set': [DesktopSettingsPatch, DesktopSettings];
  'credentials:status': [void, CredentialStorageStatus];
  'credentials:save': [SaveCredentialRequest, null];
  /** The stored secret, or `null` when none. */
  'credentials:load': [string, string | null];
  'credentials:delete': [string, null];
  'update:check': [void, UpdateStatus];
  /** Voicemail from the user's mailbox (IMAP4 / POP3), spoken by main (issue 6). */
  'voicemail:get-source': [void, VoicemailSourceSettings];
  'voicemail:save-source': [VoicemailSourceUpdate, VoicemailSourceSettings];
  /** Connects and logs in with these settings, changes nothing: a clear error or `null`. */
  'voicemail:check-source': [VoicemailSourceUpdate, null];
  'voicemail:list': [void, MailboxVoicemailList];
  'voicemail:fetch-audio': [string, MailboxVoicemailAudio];
  'voicemail:mark-heard': [MailboxHeardRequest, null];
  'voicemail:delete': [string, null];
  /** Call recordings (issue 16) in the folder the user chose. */
  'recordings:get-folder': [void, RecordingFolder];
  /** Opens the OS folder chooser; the old folder stays when the user cancels. */
  'recordings:choose-folder': [void, RecordingFolder];
  'recordings:save': [SaveRecordingRequest, FolderRecording];
  'recordings:list': [void, FolderRecordingList];
  'recordings:fetch-audio': [string, MailboxVoicemailAudio];
  'recordings:delete': [string, null];
}

export type IpcInvokeChannel = keyof IpcInvokeMap;
export type IpcArg<C extends IpcInvokeChannel> = IpcInvokeMap[C][0];
export type IpcValue<C extends IpcInvokeChannel> = IpcInvokeMap[C][1];

/** The list the preload and main check channel names against (kept complete by the type below). */
export const IPC_INVOKE_CHANNELS = [
  'app:get-info',
  'app:set-locale',
  'window:show',
  'tray:set-status',
  'dnd:get',
  'dnd:set',
  'notify:incoming-call',
  'notify:clear-call',
  'notify:missed-call',
  'notify:message',
  'links:take-pending',
  'links:open-external',
  'settings:get',
  'settings:set',
  'credentials:status',
  'credentials:save',
  'credentials:load',
  'credentials:delete',
  'update:check',
  'voicemail:get-source',
  'voicemail:save-source',
  'voicemail:check-source',
  'voicemail:list',
  'voicemail:fetch-audio',
  'voicemail:mark-heard',
  'voicemail:delete',
  'recordings:get-folder',
  'recordings:choose-folder',
  'recordings:save',
  'recordings:list',
  'recordings:fetch-audio',
  'recordings:delete',
] as const satisfies readonly IpcInvokeChannel[];

// Compile-time completeness: fails if a channel of IpcInvokeMap is missing from the list above.
type MissingInvoke = Exclude<IpcInvokeChannel, (typeof IPC_INVOKE_CHANNELS)[number]>;
const _invokeComplete: MissingInvoke extends never ? true : never = true;
void _invokeComplete;

// ───────────────────────────── event channels (main → renderer) ─────────────────────────────

export interface IpcEventMap {
  /** A validated link asked for a call. */
  'links:dial': DialRequest;
  /** The user pressed Answer / Decline on a notification, or clicked it (`focus`). */
  'notify:action': { readonly callId: string; readonly action: 'answer' | 'decline' | 'focus' };
  /** A global shortcut fired. */
  'shortcut:fired': { readonly action: ShortcutAction };
  /** The machine woke, the screen unlocked or the network came back: register again now. */
  'system:resumed': { readonly reason: 'resume' | 'unlock-screen' | 'network-online' };
  'dnd:changed': { readonly enabled: boolean };
  /** The window became visible and focused (the user has seen missed calls). */
  'window:focused': Record<string, never>;
  'update:status': UpdateStatus;
}

export type IpcEventChannel = keyof IpcEventMap;

export const IPC_EVENT_CHANNELS = [
  'links:dial',
  'notify:action',
  'shortcut:fired',
  'system:resumed',
  'dnd:changed',
  'window:focused',
  'update:status',
] as const satisfies readonly IpcEventChannel[];

type MissingEvent = Exclude<IpcEventChannel, (typeof IPC_EVENT_CHANNELS)[number]>;
const _eventComplete: MissingEvent extends never ? true : never = true;
void _eventComplete;

// ───────────────────────────── results ─────────────────────────────

export type IpcErrorCode =
  | 'unknown_channel'
  | 'forbidden_sender'
  | 'invalid_argument'
  | 'unavailable'
  | 'plain_text_only'
  | 'internal'
  // Voicemail mailbox (IMAP4 / POP3): the message says what to fix.
  | 'not_configured'
  | 'auth_failed'
  | 'unreachable'
  | 'tls_required'
  | 'tls_failed'
  | 'not_found'
  | 'mail_error';

export type IpcResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: IpcErrorCode; readonly message: string } };

export function ipcOk<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function ipcError<T = never>(code: IpcErrorCode, message: string): IpcResult<T> {
  return { ok: false, error: { code, message } };
}

export function isInvokeChannel(name: unknown): name is IpcInvokeChannel {
  return typeof name === 'string' && (IPC_INVOKE_CHANNELS as readonly string[]).includes(name);
}

export function isEventChannel(name: unknown): name is IpcEventChannel {
  return typeof name === 'string' && (IPC_EVENT_CHANNELS as readonly string[]).includes(name);
}

/** IPC channel names on the wire are namespaced so they never collide with Electron's own. */
export const IPC_WIRE_PREFIX = 'parley:';

// ───────────────────────────── the preload API ─────────────────────────────

/** `window.parley`: the one object the preload exposes (see renderer/src/platform/desktop-bridge.ts). */
export interface ParleyDesktopApi {
  /** Ask main for something; never rejects. */
  invoke<C extends IpcInvokeChannel>(
    channel: C,
    ...arg: IpcArg<C> extends void ? [] : [IpcArg<C>]
  ): Promise<IpcResult<IpcValue<C>>>;
  /** Listen to a main event; returns the function that stops listening. */
  on<E extends IpcEventChannel>(channel: E, listener: (payload: IpcEventMap[E]) => void): () => void;
}
