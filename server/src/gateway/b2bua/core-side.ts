/**
 * The gateway's end of its in-process flow into the SIP core (sip/core/gateway-hook.ts): requests it
 * sends toward local users (through the proxy, which routes them like any client's) with the responses
 * matched back by Via branch and CSeq method (RFC 3261 §17.1.3), and responses to the requests the proxy
 * sent it. The flow is reliable and in-process, so no retransmission timers run on this side.
 */
import type { Logger } from '../../../../common/logger.js';
import type { GatewayLink } from '../../sip/core/gateway-hook.js';
import { buildResponse, type ResponseOptions } from '../../sip/message/build-response.js';
import type { ParsedRequest, ParsedResponse } from '../../sip/message/parse-message.js';
import type { SipMessage } from '../../sip/message/sip-message.js';
import { newBranch } from './sip-dialog.js';

/** Our Via sent-by on the gateway flow: a name that never resolves (the flow is in-process). */
export const GATEWAY_HOST = 'gateway.invalid';
/** Our Contact toward local users: in-dialog requests reach us by the proxy's Record-Route, not by this. */
export const GATEWAY_CONTACT = `<sip:gateway@${GATEWAY_HOST};transport=tcp>`;

export class CoreSide {
  private readonly pending = new Map<string, (res: ParsedResponse) => void>();

  constructor(
    private readonly link: GatewayLink,
    private readonly logger: Logger,
  ) {}

  /** A new top Via for a request toward the core, and its branch. */
  via(): { value: string; branch: string } {
    const branch = newBranch();
    return { value: `SIP/2.0/TCP ${GATEWAY_HOST};branch=${branch}`, branch };
  }

  /** Sends a request; `onResponse` hears every response to it until `forget`. */
  send(request: SipMessage, onResponse?: (res: ParsedResponse) => void): void {
    const branch = /;\s*branch=([^;\s]+)/i.exec(request.get('Via') ?? '')?.[1] ?? '';
    const method = request.startLine.kind === 'request' ? request.startLine.method : '';
    if (onResponse) this.pending.set(`${branch}|${method}`, onResponse);
    this.link.toCore(request.toString());
  }

  forget(request: SipMessage): void {
    const branch = /;\s*branch=([^;\s]+)/i.exec(request.get('Via') ?? '')?.[1] ?? '';
    const method = request.startLine.kind === 'request' ? request.startLine.method : '';
    this.pending.delete(`${branch}|${method}`);
  }

  /** A response from the core: to the sender of the matching request. */
  onResponse(res: ParsedResponse): void {
    const key = `${res.vias[0]?.branch ?? ''}|${res.cseqMethod}`;
    const user = this.pending.get(key);
    if (!user) {
      this.logger.debug({ tnx: 'gateway', status: res.status, callId: res.callId }, 'stray response');
      return;
    }
    // INVITE senders keep listening (2xx from other forks); others are done at their final response.
    if (res.status >= 200 && res.cseqMethod !== 'INVITE') this.pending.delete(key);
    user(res);
  }

  /** Answers a request the proxy sent us (§8.2.6). */
  respond(req: ParsedRequest, status: number, options: ResponseOptions = {}): void {
    this.link.toCore(buildResponse(req.message, status, options).toString());
  }
}
