/**
 * What a voicemail email looks like (issue 6): subject "Voicemail from Alice (0:42)", a short text body,
 * the recording attached as Ogg Opus (`audio/ogg`, RFC 7845 §9), and headers a mail client can search on.
 */
import type { SendMailOptions } from 'nodemailer';

/** Headers that mark a voicemail (searched over IMAP by the desktop app). */
export const VOICEMAIL_HEADER = 'X-Parley-Voicemail';
export const CALLER_HEADER = 'X-Parley-Caller';
export const DURATION_HEADER = 'X-Parley-Duration';
export const CALLEE_HEADER = 'X-Parley-Callee';

/** One recorded voicemail, ready to be mailed. */
export interface Voicemail {
  /** Address the email goes to, e.g. `bob@example.com`. */
  readonly to: string;
  /** Callee username (the mailbox owner). */
  readonly callee: string;
  /** Caller as shown: display name if any, else the user part or number. */
  readonly callerName: string;
  /** Caller SIP URI, e.g. `sip:alice@example.com`. */
  readonly callerUri: string;
  /** When the recording started (ms since epoch). */
  readonly startedAt: number;
  readonly durationMs: number;
  /** The Ogg Opus file. */
  readonly audio: Buffer;
}

/** `m:ss` (e.g. 42_400 ms → "0:42"), rounding to the nearest second. */
export function formatDuration(durationMs: number): string {
  const total = Math.max(0, Math.round(durationMs / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** Header values are single-line; strip anything that could inject a header (CR/LF) or confuse parsers. */
function headerSafe(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').slice(0, 200);
}

/** Builds the nodemailer message for a voicemail. `id` gives a stable Message-ID across retries. */
export function composeVoicemailEmail(
  voicemail: Voicemail,
  options: { id: string; from: string; domain: string },
): SendMailOptions {
  const duration = formatDuration(voicemail.durationMs);
  const caller = headerSafe(voicemail.callerName || voicemail.callerUri);
  const when = new Date(voicemail.startedAt);
  const stamp = when.toISOString().replace(/[-:]/g, '').slice(0, 15); // 20261130T032909
  return {
    from: options.from,
    to: voicemail.to,
    subject: `Voicemail from ${caller} (${duration})`,
    messageId: `<voicemail-${options.id}@${options.domain}>`,
    date: when,
    text: [
      `You have a new voicemail.`,
      ``,
      `From:     ${caller} <${headerSafe(voicemail.callerUri)}>`,
      `Received: ${when.toUTCString()}`,
      `Length:   ${duration}`,
      ``,
      `The recording is attached (Ogg Opus).`,
    ].join('\n'),
    headers: {
      [VOICEMAIL_HEADER]: '1',
      [CALLER_HEADER]: headerSafe(voicemail.callerUri),
      [CALLEE_HEADER]: headerSafe(voicemail.callee),
      [DURATION_HEADER]: String(Math.round(voicemail.durationMs / 1000)),
    },
    attachments: [{ filename: `voicemail-${stamp}.ogg`, content: voicemail.audio, contentType: 'audio/ogg' }],
  };
}
