/**
 * What the core and the proxy see of a server transaction (RFC 3261 §17.2): the request, the flow it
 * came on, and the way to answer it. The machine behind it keeps retransmissions away from them and
 * resends the last response when the request is retransmitted.
 */
import { randomHex } from '../message/random-token.js';
import { buildResponse, type ResponseOptions } from '../message/build-response.js';
import type { ParsedRequest } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';

export interface ServerTransaction {
  /** The §17.2.3 matching key. */
  readonly id: string;
  readonly flowId: string;
  readonly request: ParsedRequest;
  /** The To tag of responses generated here (§8.2.6.2). */
  readonly toTag: string;
  readonly finalStatus: number | undefined;
  readonly isFinal: boolean;
  /** Sends a response built by the transaction user (a forwarded one, §16.7 step 9). */
  send(response: SipMessage): void;
  /** A response generated here (§8.2.6). */
  respond(status: number, options?: ResponseOptions): void;
  /** Ends without a response when nobody is left to receive one (the caller's flow closed). */
  abandon(): void;
}

export function newToTag(): string {
  return randomHex(5);
}

export function generatedResponse(
  request: ParsedRequest,
  toTag: string,
  status: number,
  options: ResponseOptions = {},
): SipMessage {
  return buildResponse(request.message, status, { toTag, ...options });
}
