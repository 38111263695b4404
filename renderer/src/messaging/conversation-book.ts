/**
 * The client's conversations in memory: messages deduplicated by (direction, sender id), ordered by the
 * service's `seq` (then, for messages not yet accepted, by the order they were sent), states that only
 * move forward, unread counts, and immutable snapshots rebuilt only for conversations that changed.
 */
import type { ChatMessageDto } from '../../../common/messaging-types.js';
import type { ClientMessage, ClientMessageState, ConversationSnapshot } from './messaging-snapshot.js';
import { undeliverableFailure } from './undeliverable.js';

const RANK: Record<ClientMessageState, number> = { failed: 0, sending: 0, sent: 1, delivered: 2, read: 3 };

interface Entry {
  msg: ClientMessage;
  order: number;
}

interface Conv {
  readonly peer: string;
  readonly entries: Map<string, Entry>;
  unread: number;
  hasMore: boolean;
  historyLoaded: boolean;
  loading: boolean;
  lastActivity: number;
  snapshot?: ConversationSnapshot;
}

const keyOf = (direction: ClientMessage['direction'], id: string): string =>
  `${direction === 'outgoing' ? 'o' : 'i'}:${id}`;

export class ConversationBook {
  private readonly convs = new Map<string, Conv>();
  /** Outgoing id → peer, for receipts and send results. */
  private readonly outgoing = new Map<string, string>();
  private order = 0;
  private list: readonly ConversationSnapshot[] | undefined;

  constructor(private readonly self: string) {}

  conv(peer: string): Conv {
    let c = this.convs.get(peer);
    if (!c) {
      c = {
        peer,
        entries: new Map(),
        unread: 0,
        hasMore: true,
        historyLoaded: false,
        loading: false,
        lastActivity: 0,
      };
      this.convs.set(peer, c);
    }
    return c;
  }

  has(peer: string): boolean {
    return this.convs.has(peer);
  }

  /** Marks a conversation changed so its snapshot is rebuilt. */
  touch(peer: string): void {
    const c = this.conv(peer);
    c.snapshot = undefined;
    this.list = undefined;
  }

  getOutgoing(id: string): ClientMessage | undefined {
    const peer = this.outgoing.get(id);
    return peer === undefined ? undefined : this.convs.get(peer)?.entries.get(keyOf('outgoing', id))?.msg;
  }

  getIncoming(peer: string, id: string): ClientMessage | undefined {
    return this.convs.get(peer)?.entries.get(keyOf('incoming', id))?.msg;
  }

  /** Adds a message; returns false (and changes nothing) if this id is already there. */
  add(msg: ClientMessage): boolean {
    const c = this.conv(msg.peer);
    const key = keyOf(msg.direction, msg.id);
    if (c.entries.has(key)) return false;
    c.entries.set(key, { msg, order: this.order++ });
    if (msg.direction === 'outgoing') this.outgoing.set(msg.id, msg.peer);
    c.lastActivity = Math.max(c.lastActivity, msg.createdAt);
    this.touch(msg.peer);
    return true;
  }

  /** Replaces fields of a message; a state change is applied only if it moves forward (or to/from failed). */
  update(msg: ClientMessage, patch: Partial<ClientMessage>): ClientMessage {
    const entry = this.conv(msg.peer).entries.get(keyOf(msg.direction, msg.id));
    if (!entry) return msg;
    const next: ClientMessage = { ...entry.msg, ...patch };
    // `sent` → `failed`: the service could not deliver it (a failed receipt, or history saying so).
    const forward =
      patch.state === undefined ||
      RANK[patch.state] >= RANK[entry.msg.state] ||
      patch.state === 'sending' ||
      (patch.state === 'failed' && entry.msg.state === 'sent');
    entry.msg = forward ? next : { ...next, state: entry.msg.state };
    if (entry.msg.state !== 'failed' && entry.msg.failure) {
      const { failure: _drop, ...rest } = entry.msg;
      entry.msg = rest;
    }
    this.touch(msg.peer);
    return entry.msg;
  }

  /** Merges a message from the history API. Returns whether it was new. */
  merge(dto: ChatMessageDto): boolean {
    const outgoing = dto.from === this.self;
    const peer = outgoing ? dto.to : dto.from;
    const direction = outgoing ? 'outgoing' : 'incoming';
    const existing = this.conv(peer).entries.get(keyOf(direction, dto.id))?.msg;
    const state: ClientMessageState = outgoing ? dto.state : dto.state === 'read' ? 'read' : 'delivered';
    const failure = state === 'failed' ? { failure: undeliverableFailure(peer, dto.failure) } : {};
    if (existing) {
      // A send still in flight or failed locally keeps its own state until the service answers it.
      if (state === 'failed' && existing.state === 'sending') return false;
      this.update(existing, { seq: dto.seq, createdAt: dto.createdAt, state, ...failure });
      return false;
    }
    return this.add({
      id: dto.id,
      peer,
      direction,
      body: dto.body,
      seq: dto.seq,
      createdAt: dto.createdAt,
      state,
      ...failure,
    });
  }

  /** Every incoming message in the conversation becomes read; unread goes to 0. */
  markAllRead(peer: string): void {
    const c = this.conv(peer);
    for (const e of c.entries.values()) {
      if (e.msg.direction === 'incoming' && e.msg.state !== 'read') e.msg = { ...e.msg, state: 'read' };
    }
    c.unread = 0;
    this.touch(peer);
  }

  oldestSeq(peer: string): number | undefined {
    let min: number | undefined;
    for (const e of this.conv(peer).entries.values()) {
      if (e.msg.seq !== undefined && (min === undefined || e.msg.seq < min)) min = e.msg.seq;
    }
    return min;
  }

  snapshots(): readonly ConversationSnapshot[] {
    if (this.list) return this.list;
    const all = [...this.convs.values()].map((c) => this.snapshotOf(c));
    this.list = all.sort((a, b) => b.lastActivity - a.lastActivity || a.peer.localeCompare(b.peer));
    return this.list;
  }

  private snapshotOf(c: Conv): ConversationSnapshot {
    if (c.snapshot) return c.snapshot;
    const entries = [...c.entries.values()].sort((a, b) => {
      const sa = a.msg.seq ?? Number.POSITIVE_INFINITY;
      const sb = b.msg.seq ?? Number.POSITIVE_INFINITY;
      return sa !== sb ? sa - sb : a.order - b.order;
    });
    c.snapshot = {
      peer: c.peer,
      messages: entries.map((e) => e.msg),
      unread: c.unread,
      peerTyping: false, // the client overlays the live typing state
      hasMore: c.hasMore,
      loading: c.loading,
      lastActivity: c.lastActivity,
    };
    return c.snapshot;
  }
}
