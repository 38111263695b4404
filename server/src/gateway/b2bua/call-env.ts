/**
 * What each gateway call needs from the gateway around it (gateway-b2bua.ts), and what the gateway
 * needs of each call: the two sides' requests, routed to the call by Call-ID.
 */
import type { Logger } from '../../../../common/logger.js';
import type { GatewayLink } from '../../sip/core/gateway-hook.js';
import type { ParsedRequest } from '../../sip/message/parse-message.js';
import type { ServerTransaction } from '../../sip/transaction/server-transaction.js';
import type { Flow } from '../../sip/transport/flow.js';
import type { GatewayPolicy } from '../gateway-policy.js';
import type { CoreSide } from './core-side.js';

export interface CallEnv {
  readonly policy: GatewayPolicy;
  readonly link: GatewayLink;
  readonly core: CoreSide;
  readonly logger: Logger;
  /** No provisional response from a trunk within this long → the next trunk (3 s). */
  readonly failoverMs: number;
  /**
   * Files the call under a Call-ID of one of its sides; a carrier side also under the carrier's address,
   * the only one whose requests in that dialog are taken.
   */
  track(side: 'user' | 'carrier', callId: string, call: GatewayCall, carrierAddress?: string): void;
  /** The call is over: forget every Call-ID filed for it. */
  untrack(call: GatewayCall): void;
}

export interface GatewayCall {
  /** A request from the user's side (through the proxy, on the gateway flow). */
  onUserRequest(req: ParsedRequest): void;
  /** A request from the carrier's side (claimed before authentication), answered through `st`. */
  onCarrierRequest(flow: Flow, req: ParsedRequest, st: ServerTransaction): void;
  /** A 2xx's ACK from the carrier. */
  onCarrierAck(req: ParsedRequest): void;
  /** The carrier cancels its INVITE (inbound calls). */
  onCarrierCancel(st: ServerTransaction): void;
  /** Ends the call now (service shutdown): BYE or CANCEL both ways. */
  hangUp(): void;
}

/** RFC 3326 Reason value for a refusal, plus Parley's machine-readable code (gateway contract). */
export function refusalHeaders(code: string, reason: string): { name: string; value: string }[] {
  const text = reason.replace(/["\\\r\n]/g, ' ');
  return [
    { name: 'Reason', value: `SIP;cause=403;text="${text}"` },
    { name: 'X-Parley-Refusal', value: code },
  ];
}

/** The CDR cause of a final status from the far end. */
export function causeOf(status: number): string {
  if (status >= 200 && status < 300) return 'normal';
  if (status === 486 || status === 600 || status === 603) return 'busy';
  if (status === 480 || status === 408) return 'no_answer';
  if (status === 487) return 'cancelled';
  return 'failed';
}
