/**
 * SUBSCRIBEs the service answers itself instead of routing them (RFC 6665 notifier role), e.g. the
 * message-summary event package of RFC 3842 (voicemail waiting). The proxy builds a
 * `LocalSubscribeRequest` for an authenticated SUBSCRIBE to our domain and offers it to the
 * `SipSubscriptionHooks`; the hooks answer it (`respond`) and later send NOTIFYs down the same flow
 * (`send`), with a Via of our own whose responses come back through `onResponse`.
 * Structural types only: the notifier (server/src/mwi) does not import the SIP room.
 */
import type { ParsedRequest } from '../../message/parse-message.js';
import type { HeaderField } from '../../message/sip-message.js';
import type { Flow } from '../../transport/flow.js';

export interface LocalSubscribeRequest {
  /** The authenticated user (equal to the From user, checked by the proxy). */
  readonly user: string;
  /** Request-URI user part, lowercased (`undefined` for `sip:DOMAIN`). */
  readonly ruriUser: string | undefined;
  /** Event package, lowercased, without parameters (RFC 6665 §8.2.1), e.g. `message-summary`. */
  readonly event: string;
  /** Expires header (RFC 6665 §4.1.2.1), when present and numeric. */
  readonly expires: number | undefined;
  readonly callId: string;
  readonly fromTag: string | undefined;
  readonly toTag: string | undefined;
  readonly cseq: number;
  /** The To tag `respond` puts on a new dialog's answer (our side of the subscription dialog). */
  readonly localTag: string;
  /** Raw header values, for the NOTIFY's To/From (swapped) and Request-URI. */
  readonly from: string;
  readonly to: string;
  readonly contact: string | undefined;
  readonly flowId: string;
  /** `WS`, `WSS`, `UDP`, `TCP`, `TLS` for our Via. */
  readonly transport: string;
  /**
   * Our Via sent-by and Contact host on this flow: the listener's `host:port` on UDP/TCP/TLS (a plain
   * phone sends its responses there, RFC 3261 §18.2.2), the domain on WebSocket (and when absent).
   */
  readonly sentBy?: string;
  /** Answers the SUBSCRIBE (a To tag is added for dialog-creating answers). */
  respond(status: number, headers?: readonly HeaderField[], reason?: string): void;
  /** Sends one request down the subscriber's flow. Returns false when the flow is gone. */
  send(text: string): boolean;
}

export interface SipSubscriptionHooks {
  /** Returns true when it answered the SUBSCRIBE (the proxy then does nothing more with it). */
  handleSubscribe(request: LocalSubscribeRequest): boolean;
  /** A response whose top Via branch may be one of ours (a NOTIFY's); true when consumed. */
  onResponse(branch: string, status: number): boolean;
  /** A flow closed: subscriptions on it end. */
  onFlowClosed(flowId: string): void;
}

/** The view of a parsed SUBSCRIBE the hooks get. */
export function toLocalSubscribe(
  req: ParsedRequest,
  user: string,
  flow: Flow,
  localTag: string,
  respond: (status: number, reason?: string, headers?: HeaderField[]) => void,
  domain: string,
): LocalSubscribeRequest {
  const message = req.message;
  const expiresRaw = message.get('Expires')?.trim();
  return {
    user,
    ruriUser: req.ruri.user?.toLowerCase(),
    event: (message.get('Event') ?? '').split(';')[0]!.trim().toLowerCase(),
    expires: expiresRaw !== undefined && /^\d{1,10}$/.test(expiresRaw) ? Number(expiresRaw) : undefined,
    callId: req.callId,
    fromTag: req.fromTag,
    toTag: req.toTag,
    cseq: req.cseq,
    localTag: req.toTag ?? localTag,
    from: message.get('From') ?? '',
    to: message.get('To') ?? '',
    contact: message.get('Contact'),
    flowId: flow.id,
    transport: flow.transport,
    sentBy: flow.sentBy ?? domain,
    respond: (status, headers, reason) => respond(status, reason, headers ? [...headers] : undefined),
    send: (text) => flow.send(text),
  };
}
