/**
 * The transaction layer (RFC 3261 §17): the table of live transactions, matching of requests
 * (§17.2.3) and responses (§17.1.3) to them, and the factory of new ones. Everything above it (core,
 * proxy) sees each request once and each response of its own client transactions only.
 */
import type { ParsedRequest, ParsedResponse } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import type { Flow } from '../transport/flow.js';
import type { ClientTransaction, ClientTransactionUser } from './client-transaction.js';
import { InviteClientTransaction } from './invite-client-transaction.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import type { ServerTransaction } from './server-transaction.js';
import { DEFAULT_TIMERS, transactionTimers, type TimerSettings, type TransactionTimers } from './timers.js';
import type { Transaction, TransactionChannel } from './transaction.js';

export type RequestMatch =
  /** A retransmission (answered by the transaction) or an ACK for a non-2xx final: nothing to do. */
  | { readonly kind: 'absorbed' }
  /** An ACK that matches no transaction: a 2xx's ACK, forwarded end to end (§17.2.3, §16.11). */
  | { readonly kind: 'ack' }
  /** A new request, with its new server transaction (CANCEL included: `invite` is what it cancels). */
  | { readonly kind: 'new'; readonly st: ServerTransaction; readonly invite?: ServerTransaction };

export interface TransactionCounts {
  readonly servers: number;
  readonly clients: number;
}

type AnyServer = InviteServerTransaction | NonInviteServerTransaction;
type AnyClient = InviteClientTransaction | NonInviteClientTransaction;

export class TransactionLayer {
  private readonly servers = new Map<string, AnyServer>();
  private readonly clients = new Map<string, AnyClient>();
  /**
   * Shared by every transaction: the two timer tables (reliable or not), one `onTerminated`, and a
   * channel object without closures (flow-channel below). Per transaction these were ~0.4–0.5 kB of
   * heap (a timer table, a channel with a closure, a closure to forget it), ~1 kB per call at set-up.
   */
  private readonly timersReliable: TransactionTimers;
  private readonly timersUnreliable: TransactionTimers;
  private readonly forget = (t: Transaction): void => {
    if (t instanceof InviteServerTransaction || t instanceof NonInviteServerTransaction) {
      if (this.servers.get(t.id) === t) this.servers.delete(t.id);
    } else if (t instanceof InviteClientTransaction || t instanceof NonInviteClientTransaction) {
      const key = `${t.id}|${t.method}`;
      if (this.clients.get(key) === t) this.clients.delete(key);
    }
  };

  constructor(settings: TimerSettings = DEFAULT_TIMERS) {
    this.timersReliable = transactionTimers(settings, true);
    this.timersUnreliable = transactionTimers(settings, false);
  }

  private timersFor(channel: TransactionChannel): TransactionTimers {
    return channel.reliable ? this.timersReliable : this.timersUnreliable;
  }

  /** §17.2.3: match by top Via branch + sent-by + method (ACK and CANCEL look for the INVITE). */
  receiveRequest(flow: Flow, req: ParsedRequest): RequestMatch {
    if (req.method === 'ACK') {
      const invite = this.servers.get(serverKey(req, 'INVITE'));
      if (invite instanceof InviteServerTransaction) {
        invite.receiveAck();
        // An ACK for a 2xx carries a new branch in RFC 3261 UAs; with an RFC 2543 key it may match the
        // Accepted INVITE: still forward it, the UAS needs it.
        return invite.state === 'accepted' ? { kind: 'ack' } : { kind: 'absorbed' };
      }
      return { kind: 'ack' };
    }
    const key = serverKey(req, req.method);
    const existing = this.servers.get(key);
    if (existing) {
      existing.receiveRequest();
      return { kind: 'absorbed' };
    }
    const channel = new FlowChannel(flow);
    const timers = this.timersFor(channel);
    const st: AnyServer =
      req.method === 'INVITE'
        ? new InviteServerTransaction(key, flow.id, req, channel, timers, this.forget)
        : new NonInviteServerTransaction(key, flow.id, req, channel, timers, this.forget);
    this.servers.set(key, st);
    if (req.method === 'CANCEL') {
      const invite = this.servers.get(serverKey(req, 'INVITE'));
      return { kind: 'new', st, ...(invite ? { invite } : {}) };
    }
    return { kind: 'new', st };
  }

  /** §17.1.3: top Via branch + CSeq method. Returns false when no client transaction of ours matches. */
  receiveResponse(res: ParsedResponse): boolean {
    const branch = res.vias[0]?.branch;
    if (!branch) return false;
    const ct = this.clients.get(`${branch}|${res.cseqMethod}`);
    if (!ct) return false;
    ct.receiveResponse(res);
    return true;
  }

  /**
   * Starts a client transaction sending `request` (our Via with `branch` already on top) down `flow`.
   * The user hears of responses, Timer B/F timeouts and transport errors.
   */
  sendRequest(
    flow: Flow,
    branch: string,
    request: SipMessage,
    user: ClientTransactionUser,
  ): ClientTransaction {
    if (request.startLine.kind !== 'request') throw new Error('not a request');
    const method = request.startLine.method;
    const channel = new FlowChannel(flow);
    const timers = this.timersFor(channel);
    const key = `${branch}|${method}`;
    const ct: AnyClient =
      method === 'INVITE'
        ? new InviteClientTransaction(branch, request, channel, timers, user, this.forget)
        : new NonInviteClientTransaction(branch, method, request, channel, timers, user, this.forget);
    this.clients.set(key, ct);
    ct.start();
    return ct;
  }

  /** Live transactions (tests check that none is left once calls are over). */
  counts(): TransactionCounts {
    return { servers: this.servers.size, clients: this.clients.size };
  }

  /** Transaction timers running now (introspection: none once the transactions are gone). */
  timerCount(): number {
    let n = 0;
    for (const t of this.servers.values()) n += t.timerCount;
    for (const t of this.clients.values()) n += t.timerCount;
    return n;
  }

  /** Ends every transaction (service shutdown). */
  close(): void {
    for (const t of [...this.servers.values(), ...this.clients.values()]) t.terminate();
    this.servers.clear();
    this.clients.clear();
  }
}

/** A transaction's way to its flow: its methods on the prototype, no closure per transaction. */
class FlowChannel implements TransactionChannel {
  readonly reliable: boolean;

  constructor(private readonly flow: Flow) {
    this.reliable = flow.transport !== 'UDP';
  }

  send(text: string): boolean {
    return this.flow.send(text);
  }
}

/** Server transaction key (§17.2.3): top Via branch + sent-by + method; RFC 2543 fallback (§17.2.3). */
export function serverKey(req: ParsedRequest, method: string): string {
  const top = req.vias[0];
  if (top?.branch?.startsWith('z9hG4bK')) return `${top.branch}|${top.host}:${top.port ?? ''}|${method}`;
  const uri = req.message.startLine.kind === 'request' ? req.message.startLine.uri : '';
  const via = top ? `${top.host}:${top.port ?? ''}` : '';
  return `${req.callId}|${req.fromTag ?? ''}|${req.cseq}|${method}|${uri}|${via}`;
}
