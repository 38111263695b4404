/**
 * The one thing the messaging client needs from SIP: send a MESSAGE (RFC 3428) and hear incoming ones.
 * The engine provides it over SIP.js (./sipjs-messaging-transport.ts); tests provide a fake.
 */

export interface SendResult {
  /** Final SIP status code; transport failures read as 503 (RFC 3261 §8.1.3.1), timeouts as 408. */
  readonly code: number;
  /** Retry-After seconds (RFC 3261 §20.33), when the response carried one. */
  readonly retryAfter?: number;
  /** The service's `Parley-Seq` for a stored message, when the response carried one. */
  readonly seq?: number;
}

export interface IncomingImMessage {
  /** The From URI, e.g. `sip:alice@example.com`. */
  readonly fromUri: string;
  /** The Content-Type header value ('' if absent). */
  readonly contentType: string;
  readonly body: string;
  /** A header value by (case-insensitive) name. */
  header(name: string): string | undefined;
}

export interface MessagingTransport {
  sendMessage(
    targetUri: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    contentType: string,
  ): Promise<SendResult>;
  /** Every incoming out-of-dialog MESSAGE, already answered 200. Returns an unsubscribe function. */
  onMessage(listener: (message: IncomingImMessage) => void): () => void;
}
