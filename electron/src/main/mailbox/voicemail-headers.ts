/**
 * Reads a Parley voicemail email (server/src/mail/voicemail-email.ts writes it): the `X-Parley-*` headers,
 * with the subject "Voicemail from Alice (0:42)" as a fallback for the caller's name.
 */
import type { ParsedMail } from 'mailparser';

export const VOICEMAIL_HEADER = 'X-Parley-Voicemail';

export interface VoicemailFields {
  readonly caller: string;
  readonly callerUri: string;
  readonly durationSec: number;
  readonly receivedAt: number;
  readonly subject: string;
}

function header(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name.toLowerCase());
  return typeof value === 'string' ? value : value === undefined ? '' : String(value);
}

export function isVoicemail(mail: ParsedMail): boolean {
  return header(mail, VOICEMAIL_HEADER).trim() === '1';
}

export function voicemailFields(mail: ParsedMail): VoicemailFields {
  const subject = mail.subject ?? '';
  const callerUri = header(mail, 'X-Parley-Caller');
  const fromSubject = /^Voicemail from (.*) \(\d+:\d\d\)$/.exec(subject)?.[1];
  const caller = fromSubject ?? (callerUri.replace(/^sips?:/, '').split('@')[0] || 'unknown');
  const durationSec = Number(header(mail, 'X-Parley-Duration')) || 0;
  return { caller, callerUri, durationSec, receivedAt: mail.date?.getTime() ?? 0, subject };
}

/** The Ogg attachment of a voicemail email. */
export function voicemailAudio(
  mail: ParsedMail,
): { audio: Buffer; mimeType: string; filename: string } | undefined {
  const part = mail.attachments.find((a) => a.contentType === 'audio/ogg' || a.contentType === 'audio/opus');
  return part
    ? { audio: part.content, mimeType: part.contentType, filename: part.filename ?? 'voicemail.ogg' }
    : undefined;
}
