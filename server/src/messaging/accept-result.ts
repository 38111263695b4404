/**
 * What storing an incoming chat message can come to, shared by the service that stores it
 * (./messaging-service.ts) and the SIP policy that turns it into a response (./sip-message-policy.ts).
 */
import type { ChatMessageDto } from '../../../common/messaging-types.js';

/**
 * - 202: stored now (RFC 3428 §7 store-and-forward "Accepted"); 200: stored before (idempotent retry);
 * - 400: bad id or empty body; 404: no such user (RFC 3261 §21.4.4); 413: body over the limit (§21.4.11);
 * - 503 + Retry-After seconds: rate limit or storage failure (§21.5.4, §20.33).
 */
export type AcceptResult =
  | { readonly status: 202 | 200; readonly message: ChatMessageDto }
  | { readonly status: 400 | 404 | 413; readonly reason: string }
  | { readonly status: 503; readonly reason: string; readonly retryAfter: number };

/** The part of the messaging service the SIP policy uses. */
export interface MessageAcceptor {
  accept(fromUser: string, toUser: string, senderMessageId: string, body: string): Promise<AcceptResult>;
}
