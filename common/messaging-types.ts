/**
 * Text messaging: the wire constants and HTTP shapes shared by the service (server/src/messaging) and
 * the client (renderer/src/messaging). Imports nothing.
 *
 * Wire format (SIP, through the service):
 * - A chat message is a SIP MESSAGE (RFC 3428, https://www.rfc-editor.org/rfc/rfc3428) with body
 *   `text/plain;charset=utf-8` and a sender-chosen unique id in the `Parley-Message-Id` header.
 *   Why a header of ours and not IMDN's `Message-ID` (RFC 5438)? IMDN carries its Message-ID inside a
 *   `message/cpim` wrapper (RFC 3862), which SIP.js and JsSIP do not build, and which would turn every
 *   plain `text/plain` MESSAGE from another phone into a second format to parse. A SIP header works with
 *   any client; a MESSAGE without it (e.g. from JsSIP) falls back to its Call-ID, which RFC 3261 §8.1.1.4
 *   makes unique per request and which stays the same on retransmission. The name has no `X-` prefix
 *   (RFC 6648 §3).
 * - Typing is RFC 3994 `application/im-iscomposing+xml` in a MESSAGE: routed to the peer's devices as is,
 *   never stored.
 * - Receipts go from `sip:parley@DOMAIN` to the sender's devices as a MESSAGE whose body is
 *   `application/vnd.parley.receipt+json` (`ReceiptBody`). JSON rather than IMDN XML for the same reason
 *   as above; receipts are best effort, the durable state is in the history API.
 */

/** Longest message body, in Unicode code points (not UTF-16 units): issue 3. */
export const MAX_MESSAGE_CHARS = 4000;

/** The sender-chosen id of a message (a UUID from our clients). */
export const MESSAGE_ID_HEADER = 'Parley-Message-Id';
/** The service's order number of a message, on deliveries and on the 2xx answering a send. */
export const MESSAGE_SEQ_HEADER = 'Parley-Seq';
/** When the service stored the message, epoch milliseconds, on deliveries. */
export const MESSAGE_TIME_HEADER = 'Parley-Created';

export const TEXT_CONTENT_TYPE = 'text/plain;charset=utf-8';
/** RFC 3994 §2. */
export const IS_COMPOSING_CONTENT_TYPE = 'application/im-iscomposing+xml';
export const RECEIPT_CONTENT_TYPE = 'application/vnd.parley.receipt+json';

/** The user part of the service's own address, `sip:parley@DOMAIN` (a reserved username). */
export const SERVICE_USER = 'parley';

/** Message length as users count it: code points, so an emoji counts once. */
export function messageLength(body: string): number {
  let n = 0;
  for (const _ of body) n++;
  return n;
}

/**
 * A sender id the service accepts: 1–128 visible ASCII characters, no spaces or quotes.
 * UUIDs and SIP Call-IDs (RFC 3261 §25.1 `word`) both fit.
 */
export function isValidMessageId(id: unknown): id is string {
  return typeof id === 'string' && /^[\x21\x23-\x26\x28-\x7e]{1,128}$/.test(id);
}

/**
 * Prefix of the ids the service makes up from a Call-ID for MESSAGEs without `Parley-Message-Id`.
 * Such senders (plain SIP phones) get no receipts: they would show them as chat text.
 */
export const CALL_ID_MESSAGE_ID_PREFIX = 'call-id:';

/** Whether the sender chose this id itself (a Parley client, which understands receipts). */
export function isSenderChosenId(id: string): boolean {
  return !id.startsWith(CALL_ID_MESSAGE_ID_PREFIX);
}

/**
 * `sent`: stored by the service; `delivered`: a device of the recipient answered 2xx; `read`;
 * `failed`: the recipient's devices refused it for good (e.g. 415, 403, 606), or kept failing after
 * every retry; the service will not send it again unless the sender retries (same id).
 */
export type StoredMessageState = 'sent' | 'delivered' | 'read' | 'failed';

/** Why a message could not be delivered: the final SIP response of the recipient's device(s). */
export interface DeliveryFailureDto {
  /** SIP status code, e.g. 415; 408 when no device answered in time. */
  readonly status: number;
  /** Reason phrase (one line of printable text, at most 100 characters). */
  readonly reason: string;
}

/** One stored message, as the history API returns it. */
export interface ChatMessageDto {
  /** The sender-chosen id (unique per sender). */
  readonly id: string;
  /** The service's order number: ascending in the order messages were accepted. */
  readonly seq: number;
  /** Usernames. */
  readonly from: string;
  readonly to: string;
  readonly body: string;
  /** Epoch ms when the service stored it. */
  readonly createdAt: number;
  readonly state: StoredMessageState;
  /** Only when `state` is `failed`. */
  readonly failure?: DeliveryFailureDto;
}

export interface ConversationSummaryDto {
  /** The other person's username. */
  readonly peer: string;
  readonly lastMessage: ChatMessageDto;
  /** Messages from `peer` not yet read. */
  readonly unread: number;
}

/** GET /api/conversations → newest conversation first. */
export interface ConversationsResponse {
  readonly conversations: readonly ConversationSummaryDto[];
  readonly totalUnread: number;
}

/**
 * GET /api/conversations/:peer/messages?before=SEQ&limit=N → the `limit` messages before `before`
 * (default: the newest), in ascending `seq`; `hasMore` when older ones exist.
 */
export interface MessagesPageResponse {
  readonly messages: readonly ChatMessageDto[];
  readonly hasMore: boolean;
}

/** POST /api/conversations/:peer/read → how many messages became read. */
export interface MarkReadResponse {
  readonly marked: number;
}

/** Body of a receipt MESSAGE from `sip:parley@DOMAIN` to the sender's devices. */
export interface ReceiptBody {
  readonly type: 'delivered' | 'read' | 'failed';
  /** The recipient who got / read the messages (username). */
  readonly peer: string;
  /** The sender-chosen ids of the messages concerned. */
  readonly ids: readonly string[];
  /** Epoch ms. */
  readonly at: number;
  /** For `failed`: the device's final response. */
  readonly failure?: DeliveryFailureDto;
}

/** A reason phrase safe to store and show: one line of printable text, at most 100 characters. */
export function cleanReasonPhrase(text: string | undefined): string {
  return (
    (text ?? '')
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .trim()
      .slice(0, 100)
  );
}

/** Parses a receipt body; `undefined` when it is not one. */
export function parseReceiptBody(text: string): ReceiptBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.type !== 'delivered' && v.type !== 'read' && v.type !== 'failed') return undefined;
  if (typeof v.peer !== 'string' || !Array.isArray(v.ids) || !v.ids.every(isValidMessageId)) return undefined;
  const at = typeof v.at === 'number' && Number.isFinite(v.at) ? v.at : 0;
  if (v.type !== 'failed') return { type: v.type, peer: v.peer, ids: v.ids, at };
  const f = (typeof v.failure === 'object' && v.failure !== null ? v.failure : {}) as Record<string, unknown>;
  const status = typeof f.status === 'number' && Number.isInteger(f.status) ? f.status : 0;
  const reason = cleanReasonPhrase(typeof f.reason === 'string' ? f.reason : '');
  return { type: 'failed', peer: v.peer, ids: v.ids, at, failure: { status, reason } };
}
