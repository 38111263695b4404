/**
 * Wire text of a MESSAGE the service itself originates toward one device (a delivery, a receipt, or a
 * forwarded isComposing), for the proxy's `sendToDevices`. The service acts as a UAC here (RFC 3428 §6,
 * RFC 3261 §8.1.1): a fresh Call-ID, From tag and Via branch per request, no Route (it is sent straight
 * down the device's flow), Request-URI = the binding's Contact.
 */
import { randomBytes } from 'node:crypto';

/** A MESSAGE for every device of a user: From/To URIs, body and extra headers. */
export interface DeviceMessage {
  readonly fromUri: string;
  readonly toUri: string;
  readonly contentType: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface OutboundRequestParams {
  /** The binding's Contact URI, e.g. `sip:k3j2@abc.invalid;transport=ws`. */
  readonly requestUri: string;
  /** Sent-by host for our Via, e.g. the domain or `parley.invalid`. */
  readonly viaHost: string;
  /** `WS` for WebSocket flows (RFC 7118 §5.1), `WSS`, `TCP`, `UDP`. */
  readonly viaTransport: string;
  /** RFC 3261 §8.1.1.7 branch, starting with `z9hG4bK`; new per request. Random if omitted. */
  readonly branch?: string;
  /** Random if omitted. */
  readonly callId?: string;
}

const token = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A header value with no way to inject a line break. */
const clean = (value: string): string => value.replace(/[\r\n]+/g, ' ');

export function buildMessageRequest(
  out: DeviceMessage,
  params: OutboundRequestParams,
): { text: string; branch: string; callId: string } {
  const branch = params.branch ?? `z9hG4bK${token(10)}`;
  const callId = params.callId ?? token(16);
  const lines = [
    `MESSAGE ${clean(params.requestUri)} SIP/2.0`,
    `Via: SIP/2.0/${clean(params.viaTransport)} ${clean(params.viaHost)};branch=${branch}`,
    'Max-Forwards: 70',
    `From: <${clean(out.fromUri)}>;tag=${token(6)}`,
    `To: <${clean(out.toUri)}>`,
    `Call-ID: ${callId}`,
    'CSeq: 1 MESSAGE',
    `Content-Type: ${clean(out.contentType)}`,
    ...Object.entries(out.headers).map(([name, value]) => `${clean(name)}: ${clean(value)}`),
    `Content-Length: ${Buffer.byteLength(out.body, 'utf8')}`,
  ];
  return { text: `${lines.join('\r\n')}\r\n\r\n${out.body}`, branch, callId };
}
