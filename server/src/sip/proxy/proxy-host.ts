/**
 * What a proxy context needs from the proxy around it (kept as an interface so contexts can be
 * tested with a fake host).
 */
import type { Logger } from '../../../../common/logger.js';
import type { ParsedResponse } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import type { FlowTransport } from '../transport/flow.js';
import type { FlowTokenCodec } from './flow-token.js';
import type { ClientBranch, ProxyContext, ServerTransaction } from './proxy-context.js';
import type { RoutingFacts } from './routing.js';

export interface ProxyHost {
  readonly domain: string;
  /** sent-by of our Via fields. */
  readonly viaHost: string;
  readonly tokens: FlowTokenCodec;
  readonly facts: RoutingFacts;
  readonly logger: Logger;
  readonly noAnswerTimeoutMs: number;
  /** Ring time of one callee (ms) before the no-answer outcome; `undefined` → `noAnswerTimeoutMs`. */
  readonly ringTimeoutMs?: (callee: string) => number | undefined;
  /** Timer B/F equivalent (64·T1 = 32 s). */
  readonly transactionTimeoutMs: number;
  /** How long to wait for the final response after sending a CANCEL. */
  readonly cancelGuardMs: number;
  sendTo(flowId: string, message: SipMessage): boolean;
  flowTransport(flowId: string): FlowTransport | undefined;
  registerBranch(branch: ClientBranch): void;
  /** The server transaction sent its final response (schedule its cleanup). */
  serverFinal(server: ServerTransaction): void;
  /** A 2xx to INVITE went through: a dialog is confirmed (presence). */
  onAnswered(context: ProxyContext, branch: ClientBranch, response: ParsedResponse): void;
}
