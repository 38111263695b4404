/**
 * How a SIP outcome becomes a `CallEndReason` the UI can put in words.
 */
import type { CallEndReason } from './phone-engine-contract.js';

/**
 * Maps a final non-2xx response to an INVITE (RFC 3261 §21.4–21.6) to why the call ended.
 * 408 is what the Parley proxy sends when nobody answered within its ring timeout; 480 means the
 * user exists but has no device online; 487 answers our own CANCEL (RFC 3261 §9.1).
 */
export function endReasonForStatus(code: number): CallEndReason {
  switch (code) {
    case 404:
    case 484:
    case 604:
      return 'not-found';
    case 480:
      return 'unavailable';
    case 408:
      return 'no-answer';
    case 486:
    case 600:
      return 'busy';
    case 603:
      return 'declined';
    case 487:
      return 'cancelled';
    default:
      return 'failed';
  }
}

/**
 * True when the service says the callee is in Do not disturb: its 181 (being forwarded to voicemail) or
 * 480 (no voicemail) carry the reason phrase `Do Not Disturb` (server/src/sip/proxy/routing.ts).
 */
export function isDoNotDisturb(code: number, reasonPhrase: string | undefined): boolean {
  return (code === 181 || code === 480) && /^do not disturb$/i.test((reasonPhrase ?? '').trim());
}

/**
 * True when a CANCEL's `Reason` header says the call was answered by another branch:
 * `Reason: SIP ;cause=200 ;text="Call completed elsewhere"` (RFC 3326 §2, RFC 3261 §16.7 step 10).
 */
export function isAnsweredElsewhere(reasonHeader: string | undefined): boolean {
  if (!reasonHeader) return false;
  return reasonHeader
    .split(',')
    .some((value) => /^\s*sip\b/i.test(value) && /;\s*cause\s*=\s*200\b/i.test(value));
}

/** The sentence shown when registration fails with this SIP status (RFC 3261 §10.3, §22). */
export function registrationErrorMessage(code: number | undefined, reasonPhrase?: string): string {
  if (code === undefined) return 'Cannot reach the Parley service';
  if (code === 401 || code === 403 || code === 407) return 'Wrong username or password';
  if (code === 404) return 'No such user on this service';
  if (code === 408 || code === 503 || code === 504) return 'The Parley service is not answering';
  return `Registration refused (${code}${reasonPhrase ? ' ' + reasonPhrase : ''})`;
}

/**
 * The sentence a service refusal carries (issue 11, gateway contract): a 403 with
 * `X-Parley-Refusal: <code>` and `Reason: SIP;cause=403;text="Premium-rate numbers are blocked"`
 * (RFC 3326 §2). Undefined for any other response.
 */
export function serviceRefusal(message: {
  readonly statusCode?: number;
  getHeader(name: string): string | undefined;
}): string | undefined {
  if (message.getHeader('x-parley-refusal') === undefined) return undefined;
  const text = /;\s*text\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(message.getHeader('reason') ?? '')?.[1];
  return text?.replace(/\\(.)/g, '$1') || 'The service refused this call';
}
