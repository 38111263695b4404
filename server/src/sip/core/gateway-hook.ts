/**
 * The hook through which a PSTN gateway (server/src/gateway, a back-to-back user agent toward SIP trunks)
 * plugs into the SIP room. Declared here so the SIP room imports nothing of the gateway.
 *
 * ```
 *  local user ──INVITE sip:+E164@DOMAIN──▶ core ──▶ proxy ──▶ gateway flow ──▶ B2BUA ──INVITE──▶ carrier
 *  carrier ──INVITE DID──▶ core ──claim()──▶ B2BUA ──INVITE sip:user@DOMAIN──▶ gateway flow ──▶ proxy ──▶ devices
 * ```
 * The user side of every gateway call goes through the proxy over one in-process flow (the "gateway
 * flow"), so authentication, Record-Route, forking, voicemail and the media relay apply unchanged; the
 * trunk side is the gateway's own dialog, sent on the plain SIP listeners through the transaction layer.
 */
import type { ParsedRequest } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import type { ClientTransaction, ClientTransactionUser } from '../transaction/client-transaction.js';
import type { ServerTransaction } from '../transaction/server-transaction.js';
import type { Flow } from '../transport/flow.js';

/** What the SIP room gives the gateway. */
export interface GatewayLink {
  readonly domain: string;
  /** Sends a message into the core as if it arrived on the gateway flow (toward local users). */
  toCore(text: string): void;
  /** A flow to a trunk's address over one of our plain listeners (UDP: our listening socket). */
  flowTo(transport: 'udp' | 'tcp' | 'tls', address: string, port: number): Promise<Flow>;
  /** A client transaction on a trunk flow (RFC 3261 §17.1: retransmissions and timers on UDP). */
  sendRequest(
    flow: Flow,
    branch: string,
    request: SipMessage,
    user: ClientTransactionUser,
  ): ClientTransaction;
}

/** What the gateway gives the SIP room. */
export interface SipGatewayHook {
  /** A message the proxy sent down the gateway flow. */
  fromCore(text: string): void;
  /**
   * Before authentication: requests the gateway owns — from a trunk's address, or inside one of its
   * trunk dialogs. Returns true when it took the request (and will answer `st`).
   */
  claim(flow: Flow, req: ParsedRequest, st: ServerTransaction): boolean;
  /** A 2xx's ACK (no transaction) inside one of its trunk dialogs. */
  claimAck(flow: Flow, req: ParsedRequest): boolean;
  /** A CANCEL of an INVITE the gateway took with `claim` (answered through `st`). */
  claimCancel(
    flow: Flow,
    req: ParsedRequest,
    st: ServerTransaction,
    invite: ServerTransaction | undefined,
  ): boolean;
  /**
   * After authentication: a request the gateway refuses before routing (a REFER whose Refer-To is a
   * phone number `username` may not call). Resolves to the response to send, or `undefined` to route.
   */
  screen(req: ParsedRequest, username: string): Promise<GatewayRefusal | undefined>;
  /** The gateway flow's target for a Request-URI naming a phone number (`sip:+E164@DOMAIN`, `;user=phone`). */
  isPhoneUri(ruri: { user?: string | undefined; host: string; text: string }): boolean;
}

export interface GatewayRefusal {
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
}
