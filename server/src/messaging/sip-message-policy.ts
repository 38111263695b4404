/**
 * What the proxy does with a MESSAGE (RFC 3428) addressed to a local user, decided by content type:
 * - `text/plain` (charset absent or UTF-8): a chat message: stored, answered 202/200, delivered by the pump;
 * - `application/im-iscomposing+xml` (RFC 3994): forwarded to the recipient's devices as any request
 *   (never stored; if nobody is online the proxy's usual 480 is fine);
 * - anything else: 415 with an Accept header (RFC 3261 §21.4.13).
 */
import {
  CALL_ID_MESSAGE_ID_PREFIX,
  IS_COMPOSING_CONTENT_TYPE,
  MESSAGE_ID_HEADER,
  MESSAGE_SEQ_HEADER,
} from '../../../common/messaging-types.js';

// The shapes the SIP room's messaging hook declares; this room implements them.
import type { MessageAcceptor } from './accept-result.js';
export type { InboundDecision, InboundMessageRequest } from '../sip/core/local/messaging-hook.js';
import type { InboundDecision, InboundMessageRequest } from '../sip/core/local/messaging-hook.js';

export const ACCEPTED_CONTENT_TYPES = `text/plain, ${IS_COMPOSING_CONTENT_TYPE}`;

/** `type/subtype` lowercased and its charset parameter (lowercased, unquoted), or undefined. */
export function parseContentType(value: string | undefined): { type: string; charset?: string } | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const [type = '', ...params] = value.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    if (p.slice(0, eq).trim().toLowerCase() === 'charset') {
      charset = p
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  return charset === undefined
    ? { type: type.trim().toLowerCase() }
    : { type: type.trim().toLowerCase(), charset };
}

export async function decideInboundMessage(
  service: MessageAcceptor,
  req: InboundMessageRequest,
): Promise<InboundDecision> {
  const ct = parseContentType(req.contentType);
  if (ct?.type === IS_COMPOSING_CONTENT_TYPE) return { action: 'forward' };
  const textual =
    ct?.type === 'text/plain' &&
    (ct.charset === undefined || ct.charset === 'utf-8' || ct.charset === 'us-ascii');
  if (!textual) {
    return {
      action: 'respond',
      status: 415,
      reason: 'Unsupported Media Type',
      headers: { Accept: ACCEPTED_CONTENT_TYPES },
    };
  }
  const id = req.messageId?.trim() || `${CALL_ID_MESSAGE_ID_PREFIX}${req.callId}`;
  const result = await service.accept(req.fromUser, req.toUser, id, req.body);
  switch (result.status) {
    case 202:
    case 200:
      return {
        action: 'respond',
        status: result.status,
        reason: result.status === 202 ? 'Accepted' : 'OK',
        headers: { [MESSAGE_ID_HEADER]: result.message.id, [MESSAGE_SEQ_HEADER]: String(result.message.seq) },
      };
    case 503:
      return {
        action: 'respond',
        status: 503,
        reason: 'Service Unavailable',
        headers: { 'Retry-After': String(result.retryAfter) },
      };
    case 413:
      return { action: 'respond', status: 413, reason: 'Request Entity Too Large', headers: {} };
    case 404:
      return { action: 'respond', status: 404, reason: 'Not Found', headers: {} };
    case 400:
      return { action: 'respond', status: 400, reason: result.reason, headers: {} };
  }
}
