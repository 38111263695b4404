/**
 * A parsed REGISTER for registrar unit tests (RFC 3261 §10.2), built as text and run through the real
 * parser so the registrar sees exactly what it sees in production.
 */
import { parseMessage, type ParsedRequest } from '../../../server/src/sip/message/parse-message.js';

export interface RegisterRequestOptions {
  readonly user?: string;
  readonly callId?: string;
  readonly cseq?: number;
  /** The `Expires` header; omitted when undefined. */
  readonly expires?: number;
}

export function registerRequest(contacts: readonly string[], o: RegisterRequestOptions = {}): ParsedRequest {
  const user = o.user ?? 'alice';
  const text = [
    'REGISTER sip:parley.test SIP/2.0',
    'Via: SIP/2.0/WS c.invalid;branch=z9hG4bKr',
    `From: <sip:${user}@parley.test>;tag=1`,
    `To: <sip:${user}@parley.test>`,
    `Call-ID: ${o.callId ?? 'reg-1'}`,
    `CSeq: ${o.cseq ?? 1} REGISTER`,
    ...contacts.map((c) => `Contact: ${c}`),
    ...(o.expires !== undefined ? [`Expires: ${o.expires}`] : []),
    '',
    '',
  ].join('\r\n');
  const out = parseMessage(text, { maxBytes: 10_000 });
  if (!out.ok || out.value.kind !== 'request') throw new Error('bad REGISTER fixture');
  return out.value;
}
