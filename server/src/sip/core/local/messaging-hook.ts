/**
 * The hook through which a store-and-forward messaging room (server/src/messaging) takes MESSAGE
 * requests (RFC 3428 §7) for local users. Declared here so the SIP room imports nothing of it: the
 * messaging room implements these shapes, the service wiring plugs it in.
 */

export interface InboundMessageRequest {
  /** The authenticated sender (the digest username, RFC 3261 §22.3), lowercase. */
  readonly fromUser: string;
  /** The user part of the Request-URI (a local user), lowercase. */
  readonly toUser: string;
  /** The Content-Type header value as received, if any. */
  readonly contentType: string | undefined;
  /** The body, decoded as UTF-8. */
  readonly body: string;
  /** The `Parley-Message-Id` header, if any. */
  readonly messageId: string | undefined;
  /** The Call-ID: the fallback sender id for clients that send no `Parley-Message-Id`. */
  readonly callId: string;
}

export type InboundDecision =
  /** Answer the MESSAGE with this final response (plus these headers); do not forward it. */
  | {
      readonly action: 'respond';
      readonly status: number;
      readonly reason: string;
      readonly headers: Readonly<Record<string, string>>;
    }
  /** Proxy it to the recipient's devices like any other request. */
  | { readonly action: 'forward' };

export interface SipMessagingHooks {
  /** Every out-of-dialog MESSAGE to a local user, after authentication. */
  handleSipMessage(request: InboundMessageRequest): Promise<InboundDecision>;
  /** After every successful REGISTER that added or refreshed a binding. */
  onBindingAdded(user: string): void;
}
