/**
 * Validators for the voicemail channels (common/ipc-contract.ts, `voicemail:*`): the mailbox settings a
 * renderer may send, voicemail ids, and heard flags. Same habits as ipc-validators.ts: plain objects with
 * known keys only, bounded strings without control characters.
 */
import type {
  MailboxHeardRequest,
  MailTlsMode,
  VoicemailSourceUpdate,
} from '../../../../common/ipc-contract.js';
import { bad, CONTROL_RE, isPlainObject, ok, type Validation } from './validation.js';

/** IMAP `<uidvalidity>:<uid>` or a POP3 UIDL (RFC 1939 §7: 0x21…0x7E, up to 70 characters). */
const MAILBOX_ID_RE = /^[\x21-\x7e]{1,200}$/;
/** A host name or an IP literal (no scheme, path, port or spaces). */
const HOST_RE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]+)$/;
const TLS_MODES: readonly MailTlsMode[] = ['none', 'starttls', 'implicit'];

export function validateMailboxId(input: unknown): Validation<string> {
  return typeof input === 'string' && MAILBOX_ID_RE.test(input)
    ? ok(input)
    : bad('id is not a valid voicemail id');
}

export function validateHeardRequest(input: unknown): Validation<MailboxHeardRequest> {
  if (!isPlainObject(input)) return bad('expected an object');
  for (const k of Object.keys(input)) if (k !== 'id' && k !== 'heard') return bad(`unexpected field "${k}"`);
  const id = validateMailboxId(input.id);
  if (!id.ok) return id;
  if (typeof input.heard !== 'boolean') return bad('heard must be true or false');
  return ok({ id: id.value, heard: input.heard });
}

const SOURCE_KEYS = ['kind', 'host', 'port', 'tls', 'user', 'password', 'leaveCopy', 'allowPlainText'];

export function validateSourceUpdate(input: unknown): Validation<VoicemailSourceUpdate> {
  if (!isPlainObject(input)) return bad('expected an object');
  for (const k of Object.keys(input)) if (!SOURCE_KEYS.includes(k)) return bad(`unexpected field "${k}"`);
  const { kind } = input;
  if (kind === 'service') {
    const extra = Object.keys(input).find((k) => k !== 'kind');
    return extra ? bad(`unexpected field "${extra}" for the service source`) : ok({ kind });
  }
  if (kind !== 'imap' && kind !== 'pop3') return bad('kind must be service, imap or pop3');
  const { host, port, tls, user, password, leaveCopy, allowPlainText } = input;
  if (typeof host !== 'string' || host.length === 0 || host.length > 253 || !HOST_RE.test(host))
    return bad('host must be a host name or an IP address');
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535)
    return bad('port must be 1…65535');
  if (!TLS_MODES.includes(tls as MailTlsMode)) return bad('tls must be none, starttls or implicit');
  if (typeof user !== 'string' || user.length === 0 || user.length > 320 || CONTROL_RE.test(user))
    return bad('user must be 1…320 characters on one line');
  if (
    password !== undefined &&
    (typeof password !== 'string' ||
      password.length === 0 ||
      password.length > 4096 ||
      password.includes('\0'))
  )
    return bad('password must be 1…4096 characters');
  if (leaveCopy !== undefined && typeof leaveCopy !== 'boolean')
    return bad('leaveCopy must be true or false');
  if (allowPlainText !== undefined && typeof allowPlainText !== 'boolean')
    return bad('allowPlainText must be true or false');
  return ok({
    kind,
    host,
    port: port as number,
    tls: tls as MailTlsMode,
    user,
    ...(password === undefined ? {} : { password }),
    ...(leaveCopy === undefined ? {} : { leaveCopy }),
    ...(allowPlainText === undefined ? {} : { allowPlainText }),
  });
}
