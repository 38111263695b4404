/**
 * Voicemail over the standard mail protocols, as the desktop app's main process reads it (issue 6).
 * Node only, no Electron import: the integration tests drive it against real Dovecot.
 */

export type MailboxProtocol = 'imap' | 'pop3';
/** none: plain TCP; starttls: upgrade after connecting (IMAP RFC 3501 §6.2.1); implicit: TLS from the start. */
export type MailTls = 'none' | 'starttls' | 'implicit';

export interface MailboxSettings {
  readonly protocol: MailboxProtocol;
  readonly host: string;
  readonly port: number;
  readonly tls: MailTls;
  readonly user: string;
  readonly password: string;
  /** IMAP folder (default `INBOX`). */
  readonly folder?: string;
  /** POP3: keep messages on the server after downloading (default false: delete at QUIT, the POP way). */
  readonly leaveCopy?: boolean;
  /** POP3: folder where downloaded voicemails are kept for offline playback (required for POP3). */
  readonly storeDir?: string;
  /** Socket timeout (default 15 s). */
  readonly timeoutMs?: number;
  /** Accept self-signed certificates (tests, private servers). Default false. */
  readonly allowUntrustedCertificates?: boolean;
}

export interface VoicemailSummary {
  /** IMAP: `<uidvalidity>:<uid>`; POP3: the message's UIDL. Stable across sessions. */
  readonly id: string;
  /** Caller as shown (display name or user). */
  readonly caller: string;
  /** Caller SIP URI from `X-Parley-Caller`. */
  readonly callerUri: string;
  /** When the voicemail was left (ms since epoch, from the Date header). */
  readonly receivedAt: number;
  readonly durationSec: number;
  readonly heard: boolean;
  readonly subject: string;
}

export interface VoicemailRecording {
  readonly summary: VoicemailSummary;
  /** The Ogg Opus attachment. */
  readonly audio: Buffer;
  readonly mimeType: string;
  readonly filename: string;
}

export type MailboxErrorCode =
  | 'auth-failed'
  | 'unreachable'
  | 'tls-required'
  | 'tls-failed'
  | 'not-found'
  | 'invalid-settings'
  | 'protocol';

/** Errors a user can act on; `message` is what the settings screen shows. */
export class MailboxError extends Error {
  override readonly name = 'MailboxError';
  constructor(
    readonly code: MailboxErrorCode,
    message: string,
  ) {
    super(message);
  }
}
