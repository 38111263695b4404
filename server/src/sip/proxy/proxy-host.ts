/**
 * What a proxy context needs from the proxy around it (kept as an interface so contexts can be
 * tested with a fake host).
 */
import type { Logger } from '../../../../common/logger.js';
import type { CallObserver } from '../core/call-observer.js';
import type { MediaRelayHook } from '../core/media-relay-hook.js';
import type { ResponseOptions } from '../message/build-response.js';
import type { ParsedResponse } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import type { Flow } from '../transport/flow.js';
import type { FlowPair } from './flow-token.js';
import type { ClientBranch } from './client-branch.js';
import type { ProxyContext } from './proxy-context.js';
import type { RoutingFacts } from './routing.js';

export interface ProxyHost {
  readonly domain: string;
  readonly facts: RoutingFacts;
  readonly logger: Logger;
  readonly transactions: TransactionLayer;
  readonly mediaRelay: MediaRelayHook | undefined;
  readonly noAnswerTimeoutMs: number;
  /** Ring time of one callee (ms) before the no-answer outcome; `undefined` → `noAnswerTimeoutMs`. */
  readonly ringTimeoutMs?: (callee: string) => number | undefined;
  /** Told about every call (dialog-creating INVITE) the proxy forwards (core/call-observer.ts). */
  readonly calls?: CallObserver | undefined;
  /** How long to wait for the final response after sending a CANCEL. */
  readonly cancelGuardMs: number;
  flow(flowId: string): Flow | undefined;
  /**
   * RFC 3261 §18.1.1: the flow to send a request of `bytes` on instead of `flow` — a TCP connection to
   * the same address when a UDP request is over 1300 bytes and the target accepts one; else `flow`.
   */
  flowForSize(flow: Flow, bytes: number): Promise<Flow>;
  /** Our Via sent-by on this flow (`host:port` of its listener, or the domain on WebSocket). */
  sentBy(flow: Flow): string;
  /** The Record-Route value for a dialog between the flows of `pair`, as seen from `flow`. */
  recordRoute(pair: FlowPair, flow: Flow): string;
  /** Answers the context's server transaction (and schedules the context's end on a final). */
  respond(context: ProxyContext, status: number, options?: ResponseOptions): void;
  send(context: ProxyContext, response: SipMessage, status: number): void;
  /** The context's server transaction ended without a response (caller gone). */
  finished(context: ProxyContext): void;
  /** A 2xx to INVITE went through: a dialog is confirmed (presence). */
  onAnswered(context: ProxyContext, branch: ClientBranch, response: ParsedResponse): void;
}
