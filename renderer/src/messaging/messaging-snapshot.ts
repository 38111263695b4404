/**
 * What the chat UI reads (immutable; React: `useSyncExternalStore(client.subscribe, client.getSnapshot)`).
 *
 *   outgoing message:  sending ──202/200──► sent ──receipt──► delivered ──receipt──► read
 *                         │  ▲ 503 + Retry-After: waits and resends the same id (up to a few times)
 *                         └──► failed (reason) ──retry(id)──► sending
 *                               ▲ sent ──failed receipt (the recipient's device refused it)──┘
 *   incoming message:  delivered (unread) ──conversation opened and in view──► read
 */

export type ClientMessageState = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

export type SendFailureReason =
  | 'too-long'
  | 'not-found'
  | 'rate-limited'
  | 'timeout'
  | 'network'
  | 'rejected'
  /** Accepted by the service, but the recipient's device refused it (a `failed` receipt). */
  | 'undeliverable';

export interface ClientMessage {
  /** The sender-chosen id (ours for outgoing). */
  readonly id: string;
  readonly peer: string;
  readonly direction: 'outgoing' | 'incoming';
  readonly body: string;
  /** The service's order number, once known. */
  readonly seq?: number;
  /** Epoch ms (the service's time when known, else local). */
  readonly createdAt: number;
  readonly state: ClientMessageState;
  readonly failure?: { readonly reason: SendFailureReason; readonly message: string };
}

export interface ConversationSnapshot {
  /** The other person's username. */
  readonly peer: string;
  /** Oldest first: by the service's order, then messages not yet accepted in the order sent. */
  readonly messages: readonly ClientMessage[];
  readonly unread: number;
  readonly peerTyping: boolean;
  /** Older history exists on the service. */
  readonly hasMore: boolean;
  readonly loading: boolean;
  /** Epoch ms of the newest message (for sorting the list). */
  readonly lastActivity: number;
}

export interface MessagingSnapshot {
  /** Newest activity first. */
  readonly conversations: readonly ConversationSnapshot[];
  readonly totalUnread: number;
  /** The conversation on screen, if any. */
  readonly activePeer?: string;
  /** Last history-API error, for a banner. */
  readonly error?: string;
}

/** For notifications: a new incoming message, and whether its conversation is on screen. */
export interface IncomingMessageEvent {
  readonly message: ClientMessage;
  readonly inView: boolean;
}
