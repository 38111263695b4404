/**
 * The React-free messaging client: chat over SIP MESSAGE (RFC 3428) through the Parley service, typing
 * (RFC 3994), receipts, and history over the HTTP API. The UI reads `getSnapshot()` (see
 * ./messaging-snapshot.ts for the message state machine) and acts only through the methods below.
 *
 * Rules kept here:
 * - One chat MESSAGE in flight at a time, in the order `send` was called: the service numbers messages
 *   in arrival order, so the recipient sees ours in the order we sent them.
 * - A 503 with Retry-After (the service's rate limit, RFC 3261 §21.5.4) waits and resends the same id,
 *   holding the queue so nothing overtakes it; the service's idempotency makes resends safe.
 * - Incoming messages are deduplicated by the sender's id (the service may resend after a crash).
 * - Typing: see ./typing-tracker.ts. Typing documents never wait behind chat and are dropped on failure.
 */
import {
  IS_COMPOSING_CONTENT_TYPE,
  MESSAGE_ID_HEADER,
  MESSAGE_SEQ_HEADER,
  MESSAGE_TIME_HEADER,
  RECEIPT_CONTENT_TYPE,
  SERVICE_USER,
  TEXT_CONTENT_TYPE,
  parseReceiptBody,
  type ConversationsResponse,
  type MessagesPageResponse,
} from '../../../common/messaging-types.js';
import { t } from '../i18n/i18n.js';
import { ConversationBook } from './conversation-book.js';
import { checkDraft } from './draft-check.js';
import { buildIsComposing, parseIsComposing, type ComposingState } from './is-composing.js';
import type {
  ClientMessage,
  IncomingMessageEvent,
  MessagingSnapshot,
  SendFailureReason,
} from './messaging-snapshot.js';
import type { IncomingImMessage, MessagingTransport, SendResult } from './messaging-transport.js';
import { newMessageId } from './message-id.js';
import { realTimers, type ClientTimers } from './timers.js';
import { ComposeTracker, PeerTypingTracker } from './typing-tracker.js';
import { undeliverableFailure } from './undeliverable.js';

/** The app's authenticated JSON fetch (throws on HTTP errors). */
export type FetchJson = (
  path: string,
  init?: { method?: 'GET' | 'POST'; body?: unknown },
) => Promise<unknown>;

export interface MessagingClientOptions {
  readonly transport: MessagingTransport;
  /** Our username (lowercase). */
  readonly self: string;
  readonly domain: string;
  readonly fetchJson?: FetchJson;
  readonly newId?: () => string;
  readonly timers?: ClientTimers;
  /** Resends after 503 + Retry-After before failing as rate-limited (default 5). */
  readonly maxAutoRetries?: number;
  readonly typingIdleMs?: number;
  readonly typingRefreshSeconds?: number;
}

export type SendOutcome =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly code: 'empty' | 'too-long'; readonly message: string };

interface Job {
  readonly id: string;
  attempts: number;
}

const FAILURES: Record<SendFailureReason, string> = {
  'too-long': 'Too long: the service refused it.',
  'not-found': 'No such user.',
  'rate-limited': 'Too many messages at once. Try again.',
  timeout: 'No answer from the service.',
  network: 'Not connected.',
  rejected: 'The service refused the message.',
  undeliverable: "The recipient's device could not take it.",
};

function failureOf(result: SendResult): SendFailureReason {
  if (result.code === 413) return 'too-long';
  if (result.code === 404 || result.code === 604) return 'not-found';
  if (result.code === 408) return 'timeout';
  if (result.code === 503) return result.retryAfter !== undefined ? 'rate-limited' : 'network';
  return 'rejected';
}

/** `sip:alice@example.com;x=y` → `alice` (lowercase), or undefined. */
export function userOfUri(uri: string): string | undefined {
  const m = /^sips?:([^@;>?]+)@/i.exec(uri.trim().replace(/^<|>$/g, ''));
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]).toLowerCase();
  } catch {
    return undefined;
  }
}

export class MessagingClient {
  private readonly book: ConversationBook;
  private readonly timers: ClientTimers;
  private readonly listeners = new Set<() => void>();
  private readonly incomingListeners = new Set<(event: IncomingMessageEvent) => void>();
  private readonly compose: ComposeTracker;
  private readonly peerTyping: PeerTypingTracker;
  private readonly queue: Job[] = [];
  private pumping = false;
  private readonly readInFlight = new Set<string>();
  private readonly readAgain = new Set<string>();
  private readonly unsubscribe: () => void;
  private activePeer: string | undefined;
  private inView = true;
  private error: string | undefined;
  private snapshot: MessagingSnapshot | undefined;
  private disposed = false;

  constructor(private readonly options: MessagingClientOptions) {
    this.book = new ConversationBook(options.self);
    this.timers = options.timers ?? realTimers;
    this.compose = new ComposeTracker(
      this.timers,
      (peer, state, refresh) => this.sendComposing(peer, state, refresh),
      options.typingIdleMs,
      options.typingRefreshSeconds,
    );
    this.peerTyping = new PeerTypingTracker(this.timers, () => this.changed());
    this.unsubscribe = options.transport.onMessage((m) => this.receive(m));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): MessagingSnapshot => {
    if (this.snapshot) return this.snapshot;
    const conversations = this.book
      .snapshots()
      .map((c) => (this.peerTyping.isTyping(c.peer) ? { ...c, peerTyping: true } : c));
    this.snapshot = {
      conversations,
      totalUnread: conversations.reduce((n, c) => n + c.unread, 0),
      ...(this.activePeer !== undefined ? { activePeer: this.activePeer } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
    };
    return this.snapshot;
  };

  /** A new incoming message (for notifications when `inView` is false). */
  onIncomingMessage(listener: (event: IncomingMessageEvent) => void): () => void {
    this.incomingListeners.add(listener);
    return () => this.incomingListeners.delete(listener);
  }

  /** Validates and queues a message to `peer`; the snapshot shows it at once as `sending`. */
  send(peerInput: string, body: string): SendOutcome {
    const check = checkDraft(body);
    if (!check.ok) return { ok: false, code: check.code, message: check.message };
    const peer = peerInput.trim().toLowerCase();
    const id = (this.options.newId ?? newMessageId)();
    this.compose.stop(peer, false);
    this.book.add({ id, peer, direction: 'outgoing', body, createdAt: this.timers.now(), state: 'sending' });
    this.changed();
    this.queue.push({ id, attempts: 0 });
    void this.pump();
    return { ok: true, id };
  }

  /** Sends a failed message again with the same id (the service stores it at most once). */
  retry(id: string): void {
    const msg = this.book.getOutgoing(id);
    if (!msg || msg.state !== 'failed') return;
    this.book.update(msg, { state: 'sending' });
    this.changed();
    this.queue.push({ id, attempts: 0 });
    void this.pump();
  }

  /** The draft for `peer` changed: drives our RFC 3994 composing state. */
  setDraft(peer: string, text: string): void {
    if (text.trim() === '') this.compose.stop(peer, true);
    else this.compose.typed(peer);
  }

  /** Shows a conversation: loads its history once and marks it read when in view. */
  async open(peerInput: string): Promise<void> {
    const peer = peerInput.trim().toLowerCase();
    this.activePeer = peer;
    this.book.conv(peer);
    this.book.touch(peer);
    this.changed();
    const conv = this.book.conv(peer);
    if (this.options.fetchJson && !conv.historyLoaded && !conv.loading) await this.loadOlder(peer);
    this.readIfInView();
  }

  /** No conversation on screen. */
  closeConversation(): void {
    this.activePeer = undefined;
    this.changed();
  }

  /** Whether the app is visible and focused (e.g. `document.visibilityState`); unread accrue when not. */
  setInView(inView: boolean): void {
    this.inView = inView;
    this.readIfInView();
  }

  /** GET /api/conversations: the list with unread counts (server truth). */
  async loadConversations(): Promise<void> {
    if (!this.options.fetchJson) return;
    try {
      const res = (await this.options.fetchJson('/api/conversations')) as ConversationsResponse;
      for (const s of res.conversations) {
        this.book.merge(s.lastMessage);
        this.book.conv(s.peer).unread = s.peer === this.activePeer && this.inView ? 0 : s.unread;
        this.book.touch(s.peer);
      }
      this.error = undefined;
    } catch (error) {
      this.error = t('chat.loadConversationsFailed', { error: String(error) });
    }
    this.changed();
    this.readIfInView();
  }

  /** Loads the page of history before the oldest message we have. */
  async loadOlder(peer: string): Promise<void> {
    const fetchJson = this.options.fetchJson;
    const conv = this.book.conv(peer);
    if (!fetchJson || conv.loading || (conv.historyLoaded && !conv.hasMore)) return;
    conv.loading = true;
    this.book.touch(peer);
    this.changed();
    try {
      const before = conv.historyLoaded ? this.book.oldestSeq(peer) : undefined;
      const query = before === undefined ? 'limit=50' : `before=${before}&limit=50`;
      const page = (await fetchJson(
        `/api/conversations/${encodeURIComponent(peer)}/messages?${query}`,
      )) as MessagesPageResponse;
      for (const dto of page.messages) this.book.merge(dto);
      conv.hasMore = page.hasMore;
      conv.historyLoaded = true;
      this.error = undefined;
    } catch (error) {
      this.error = t('chat.loadMessagesFailed', { error: String(error) });
    } finally {
      conv.loading = false;
      this.book.touch(peer);
      this.changed();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.compose.dispose();
    this.peerTyping.dispose();
    this.listeners.clear();
    this.incomingListeners.clear();
  }

  private changed(): void {
    this.snapshot = undefined;
    for (const listener of [...this.listeners]) listener();
  }

  private uriOf(peer: string): string {
    return `sip:${peer}@${this.options.domain}`;
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.setTimeout(resolve, ms));
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.disposed) {
        const job = this.queue[0]!;
        const msg = this.book.getOutgoing(job.id);
        if (!msg) {
          this.queue.shift();
          continue;
        }
        const result = await this.options.transport
          .sendMessage(this.uriOf(msg.peer), msg.body, { [MESSAGE_ID_HEADER]: msg.id }, TEXT_CONTENT_TYPE)
          .catch((): SendResult => ({ code: 503 }));
        if (this.disposed) return;
        const maxRetries = this.options.maxAutoRetries ?? 5;
        if (result.code === 503 && result.retryAfter !== undefined && job.attempts < maxRetries) {
          job.attempts++;
          await this.delay(Math.max(1, result.retryAfter) * 1000);
          continue;
        }
        this.queue.shift();
        if (result.code >= 200 && result.code < 300) {
          this.book.update(msg, { state: 'sent', ...(result.seq !== undefined ? { seq: result.seq } : {}) });
        } else {
          const reason = failureOf(result);
          this.book.update(msg, { state: 'failed', failure: { reason, message: FAILURES[reason] } });
        }
        this.changed();
      }
    } finally {
      this.pumping = false;
    }
  }

  private sendComposing(peer: string, state: ComposingState, refreshSeconds?: number): void {
    void this.options.transport
      .sendMessage(this.uriOf(peer), buildIsComposing(state, refreshSeconds), {}, IS_COMPOSING_CONTENT_TYPE)
      .catch(() => undefined);
  }

  private receive(m: IncomingImMessage): void {
    if (this.disposed) return;
    const from = userOfUri(m.fromUri);
    if (!from) return;
    const type = m.contentType.split(';')[0]!.trim().toLowerCase();
    if (type === RECEIPT_CONTENT_TYPE) {
      if (from === SERVICE_USER) this.receipt(m.body);
      return;
    }
    if (type === IS_COMPOSING_CONTENT_TYPE) {
      const doc = parseIsComposing(m.body);
      if (!doc) return;
      if (!this.book.has(from)) this.book.touch(from);
      this.peerTyping.update(from, doc.state, doc.refreshSeconds);
      return;
    }
    if (type !== 'text/plain' && type !== '') return;
    const callId = m.header('Call-ID');
    const id = m.header(MESSAGE_ID_HEADER) ?? (callId ? `call-id:${callId}` : undefined);
    if (!id) return;
    const seq = Number(m.header(MESSAGE_SEQ_HEADER));
    const created = Number(m.header(MESSAGE_TIME_HEADER));
    const message: ClientMessage = {
      id,
      peer: from,
      direction: 'incoming',
      body: m.body,
      createdAt: Number.isFinite(created) && created > 0 ? created : this.timers.now(),
      state: 'delivered',
      ...(Number.isInteger(seq) && seq > 0 ? { seq } : {}),
    };
    // RFC 3994: content from the composer means it is idle.
    this.peerTyping.clear(from);
    if (!this.book.add(message)) return;
    const inView = this.inView && this.activePeer === from;
    if (!inView) this.book.conv(from).unread++;
    this.changed();
    for (const listener of [...this.incomingListeners]) listener({ message, inView });
    if (inView) this.markRead(from);
  }

  private receipt(body: string): void {
    const receipt = parseReceiptBody(body);
    if (!receipt) return;
    let changed = false;
    for (const id of receipt.ids) {
      const msg = this.book.getOutgoing(id);
      if (!msg) continue;
      if (receipt.type === 'failed') {
        // Only a message the service holds: one being resent (Retry) is not failed by an old receipt.
        if (msg.state !== 'sent') continue;
        this.book.update(msg, { state: 'failed', failure: undeliverableFailure(msg.peer, receipt.failure) });
      } else {
        this.book.update(msg, { state: receipt.type });
      }
      changed = true;
    }
    if (changed) this.changed();
  }

  private readIfInView(): void {
    const peer = this.activePeer;
    if (peer === undefined || !this.inView || !this.book.has(peer)) return;
    const conv = this.book.snapshots().find((c) => c.peer === peer);
    if (
      conv &&
      (conv.unread > 0 || conv.messages.some((m) => m.direction === 'incoming' && m.state !== 'read'))
    ) {
      this.markRead(peer);
    }
  }

  /** Marks read locally at once; one POST in flight per peer, coalescing bursts. */
  private markRead(peer: string): void {
    this.book.markAllRead(peer);
    this.changed();
    const fetchJson = this.options.fetchJson;
    if (!fetchJson) return;
    if (this.readInFlight.has(peer)) {
      this.readAgain.add(peer);
      return;
    }
    this.readInFlight.add(peer);
    fetchJson(`/api/conversations/${encodeURIComponent(peer)}/read`, { method: 'POST' })
      .catch((error: unknown) => {
        this.error = t('chat.markReadFailed', { error: String(error) });
        this.changed();
      })
      .finally(() => {
        this.readInFlight.delete(peer);
        if (this.readAgain.delete(peer) && !this.disposed) this.markRead(peer);
      });
  }
}
