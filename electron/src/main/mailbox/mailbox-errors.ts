/**
 * Turns what imapflow / node-pop3 / the socket throw into a `MailboxError` a user understands:
 * "authentication failed", "server not reachable", "TLS required".
 */
import { MailboxError, type MailboxSettings } from './mailbox-types.js';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNRESET',
]);

interface RawError {
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  message?: string;
  command?: string;
}

export function toMailboxError(
  error: unknown,
  settings: Pick<MailboxSettings, 'host' | 'port'>,
): MailboxError {
  if (error instanceof MailboxError) return error;
  const e = (error ?? {}) as RawError;
  const text = `${e.message ?? ''} ${e.responseText ?? ''} ${e.serverResponseCode ?? ''}`;
  const where = `${settings.host}:${settings.port}`;
  // RFC 2595 / Dovecot: plaintext login refused on an insecure connection.
  if (
    /PRIVACYREQUIRED|LOGINDISABLED|plaintext authentication disallowed|STARTTLS is required|TLS required/i.test(
      text,
    )
  ) {
    return new MailboxError('tls-required', `TLS required: ${where} refuses to log in without encryption`);
  }
  if (
    e.authenticationFailed ||
    /AUTHENTICATIONFAILED|\[AUTH\]|authentication failed|invalid credentials|-ERR.*(password|login|auth)/i.test(
      text,
    )
  ) {
    return new MailboxError('auth-failed', `authentication failed for this user at ${where}`);
  }
  if (
    (e.code && UNREACHABLE.has(e.code)) ||
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|timed? ?out|EHOSTUNREACH/i.test(text)
  ) {
    return new MailboxError('unreachable', `server not reachable: ${where}`);
  }
  if (/certificate|SSL|TLS|wrong version number|EPROTO/i.test(text) || e.code === 'EPROTO') {
    return new MailboxError('tls-failed', `TLS failed with ${where}: ${e.message ?? 'handshake error'}`);
  }
  return new MailboxError(
    'protocol',
    `mail server error at ${where}: ${(e.message ?? String(error)).slice(0, 200)}`,
  );
}

/** Rejects settings that cannot work, before any connection. */
export function validateSettings(settings: MailboxSettings): void {
  const bad = (why: string): never => {
    throw new MailboxError('invalid-settings', why);
  };
  if (settings.protocol !== 'imap' && settings.protocol !== 'pop3') bad('protocol must be imap or pop3');
  if (!settings.host || /\s/.test(settings.host)) bad('host is required');
  if (!Number.isInteger(settings.port) || settings.port < 1 || settings.port > 65535)
    bad('port must be 1–65535');
  if (!['none', 'starttls', 'implicit'].includes(settings.tls)) bad('tls must be none, starttls or implicit');
  if (!settings.user) bad('user is required');
  if (settings.protocol === 'pop3' && !settings.storeDir)
    bad('POP3 needs a local folder for downloaded voicemails');
  if (settings.protocol === 'pop3' && settings.tls === 'starttls') {
    bad('POP3 with STARTTLS (STLS) is not supported: use implicit TLS (usually port 995)');
  }
}
