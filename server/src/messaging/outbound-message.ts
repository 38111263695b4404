/**
 * What the messaging room hands to the SIP proxy to send: a MESSAGE (RFC 3428) to every registered
 * device of a user. The proxy builds the real request per binding (Request-URI = the binding's contact,
 * fresh Call-ID/CSeq/branch, From/To from here) and reports the outcome.
 */
export interface OutboundMessage {
  /** From header URI, e.g. `sip:alice@example.com`, or `sip:parley@example.com` for receipts. */
  readonly fromUri: string;
  /** To header URI (the address of record), e.g. `sip:bob@example.com`. */
  readonly toUri: string;
  readonly contentType: string;
  readonly body: string;
  /** Extra headers, e.g. `Parley-Message-Id`, `Parley-Seq`. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * - `delivered`: at least one device answered 2xx (RFC 3428 §7: a UAS 2xx means it has the message);
 * - `failed`: devices exist but none answered 2xx (error response, timeout, closed socket); whether it
 *   is retried depends on the status (see ./delivery-failure.ts); without one it is retried;
 * - `offline`: the user has no binding now: sent again when one appears (REGISTER).
 */
export type DeliveryOutcome = 'delivered' | 'failed' | 'offline';

/** An outcome with the final response that decided it (for `failed`: the one to show the sender). */
export interface DeliveryReport {
  readonly outcome: DeliveryOutcome;
  readonly status?: number;
  readonly reason?: string;
}

/** Injected by the SIP proxy: fork the MESSAGE to every binding of `user`, each device once. */
export type DeviceSender = (
  user: string,
  message: OutboundMessage,
) => Promise<DeliveryOutcome | DeliveryReport>;
