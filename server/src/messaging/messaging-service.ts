/**
 * The messaging room of the service: accepts chat messages (RFC 3428 MESSAGE) durably and idempotently,
 * delivers them store-and-forward through the SIP proxy, keeps delivered/read state and answers history.
 *
 * Wiring (see ./README.md): the proxy hands every MESSAGE to a local user to `handleSipMessage`, calls
 * `onBindingAdded(user)` after each successful REGISTER, and gives `setDeviceSender` its fork function.
 */
import type { Logger } from '../../../common/logger.js';
import {
  MAX_MESSAGE_CHARS,
  isSenderChosenId,
  isValidMessageId,
  messageLength,
  type ChatMessageDto,
  type ConversationsResponse,
  type MessagesPageResponse,
} from '../../../common/messaging-types.js';
import type { AcceptResult } from './accept-result.js';
import { DeliveryPump } from './delivery-pump.js';
import type { MessageRepository } from '../store/store.js';
import type { DeviceSender, OutboundMessage } from './outbound-message.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import {
  decideInboundMessage,
  type InboundDecision,
  type InboundMessageRequest,
} from './sip-message-policy.js';

export interface MessagingServiceOptions {
  /** The store's message repository (server/src/store). */
  readonly store: MessageRepository;
  /** Names this instance in delivery leases (default: random); instances sharing a database differ. */
  readonly instanceId?: string;
  /** SIP domain, for the URIs of deliveries and receipts. */
  readonly domain: string;
  /** Whether an account exists (404 otherwise). `username` is lowercase. */
  readonly userExists: (username: string) => Promise<boolean>;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Default `MAX_MESSAGE_CHARS` (4,000 code points). */
  readonly maxBodyChars?: number;
  /** Default 20 burst, 20/s per sending user. */
  readonly rateLimit?: RateLimitOptions;
  /** The proxy's fork function; may also be given later with `setDeviceSender`. */
  readonly sendToDevices?: DeviceSender;
  /** Backoff after a device failed to answer 2xx. */
  readonly retryDelaysMs?: readonly number[];
  /** Transient failures of one message before it is marked failed (default 10). */
  readonly maxDeliveryAttempts?: number;
  /** Whether `user` may have a device on this instance (delivery passes are skipped otherwise). */
  readonly hasDevices?: (user: string) => boolean;
}

export type { AcceptResult };

export interface MarkReadResult {
  readonly marked: number;
  /** The read receipt sent to the peer's devices (already sent, best effort). */
  readonly receipts: readonly { readonly to: string; readonly message: OutboundMessage }[];
}

export class MessagingService {
  readonly store: MessageRepository;
  private readonly pump: DeliveryPump;
  private readonly limiter: RateLimiter;
  private readonly now: () => number;
  private readonly maxBodyChars: number;

  constructor(private readonly options: MessagingServiceOptions) {
    this.now = options.now ?? Date.now;
    this.store = options.store;
    this.pump = new DeliveryPump({
      store: this.store,
      domain: options.domain,
      logger: options.logger,
      now: this.now,
      ...(options.instanceId ? { instanceId: options.instanceId } : {}),
      ...(options.hasDevices ? { hasDevices: options.hasDevices } : {}),
      ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
      ...(options.maxDeliveryAttempts ? { maxDeliveryAttempts: options.maxDeliveryAttempts } : {}),
    });
    this.pump.setSender(options.sendToDevices);
    this.limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, this.now);
    this.maxBodyChars = options.maxBodyChars ?? MAX_MESSAGE_CHARS;
  }

  /** Entry counts of the messaging tables (server/src/introspection.ts). */
  get stats(): { deliveries: number; deliveryTimers: number; rateBuckets: number } {
    const pump = this.pump.stats;
    return { deliveries: pump.recipients, deliveryTimers: pump.timers, rateBuckets: this.limiter.size };
  }

  /** Gives the pump the proxy's fork function (the proxy is built after this service). */
  setDeviceSender(sender: DeviceSender | undefined): void {
    this.pump.setSender(sender);
  }

  /**
   * Stores a message durably before answering; a repeated `senderMessageId` from the same sender returns
   * the stored message with 200 and stores nothing. Delivery to `toUser`'s devices starts right after.
   * A repeat of a message that `failed` is the sender's Retry: it becomes pending again (same seq).
   */
  async accept(
    fromUser: string,
    toUser: string,
    senderMessageId: string,
    body: string,
  ): Promise<AcceptResult> {
    if (!isValidMessageId(senderMessageId)) return { status: 400, reason: 'Bad message id' };
    if (body.trim() === '') return { status: 400, reason: 'Empty message' };
    if (messageLength(body) > this.maxBodyChars) {
      return { status: 413, reason: `Message longer than ${this.maxBodyChars} characters` };
    }
    try {
      if (!(await this.options.userExists(toUser))) return { status: 404, reason: 'Not Found' };
      const existing = await this.store.find(fromUser, senderMessageId);
      if (existing) {
        const retried = existing.state === 'failed' && (await this.store.clearFailure(existing.seq));
        this.scheduleDelivery(existing.to);
        return {
          status: 200,
          message: retried ? ((await this.store.bySeq(existing.seq)) ?? existing) : existing,
        };
      }
      const wait = this.limiter.take(fromUser);
      if (wait > 0) return { status: 503, reason: 'Too many messages', retryAfter: wait };
      const { message, created } = await this.store.insert(
        fromUser,
        toUser,
        senderMessageId,
        body,
        this.now(),
      );
      this.scheduleDelivery(toUser);
      return { status: created ? 202 : 200, message };
    } catch (error) {
      this.options.logger.error({ tnx: 'msg-accept', error: String(error) }, 'storing a message failed');
      return { status: 503, reason: 'Storage unavailable', retryAfter: 5 };
    }
  }

  /** What the SIP proxy calls for every MESSAGE whose Request-URI is a local user (after digest auth). */
  handleSipMessage(request: InboundMessageRequest): Promise<InboundDecision> {
    return decideInboundMessage(this, request);
  }

  /** The proxy calls this after every successful REGISTER that added or refreshed a binding. */
  onBindingAdded(user: string): void {
    void this.deliver(user);
  }

  pendingFor(user: string): Promise<ChatMessageDto[]> {
    return this.store.pendingFor(user);
  }

  markDelivered(seq: number): Promise<boolean> {
    return this.store.markDelivered(seq, this.now());
  }

  /** Marks `peer`'s messages to `user` read and sends a read receipt to `peer`'s devices. */
  async markRead(user: string, peer: string): Promise<MarkReadResult> {
    const read = await this.store.markRead(user, peer, this.now());
    // Plain SIP phones (ids made from a Call-ID) would show a receipt as text: they get none.
    const ids = read.map((r) => r.id).filter(isSenderChosenId);
    if (ids.length === 0) return { marked: read.length, receipts: [] };
    const message = this.pump.receipt(peer, { type: 'read', peer: user, ids, at: this.now() });
    void this.pump.notify(peer, message);
    return { marked: read.length, receipts: [{ to: peer, message }] };
  }

  async conversations(user: string): Promise<ConversationsResponse> {
    const conversations = await this.store.conversations(user);
    return { conversations, totalUnread: await this.store.totalUnread(user) };
  }

  /** Messages between `user` and `peer` before `before` (a seq; default newest), oldest first. */
  page(user: string, peer: string, before?: number, limit = 50): Promise<MessagesPageResponse> {
    const bounded = Math.min(Math.max(1, Math.floor(limit)), 200);
    return this.store.page(user, peer, before ?? Number.MAX_SAFE_INTEGER, bounded);
  }

  /** Runs the delivery pump for `user` now; resolves when the pass ends. */
  deliver(user: string): Promise<void> {
    return this.pump.deliver(user);
  }

  /** Stops retry timers and waits for delivery passes in flight. The store stays open (its owner closes it). */
  close(): Promise<void> {
    return this.pump.close();
  }

  private scheduleDelivery(user: string): void {
    // After the current turn, so the proxy's 202 is written before the first delivery.
    setImmediate(() => void this.pump.deliver(user));
  }
}
