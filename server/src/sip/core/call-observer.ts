/**
 * The call observer seam: what the SIP room tells the rest of the service about calls (dialog-creating
 * INVITEs, RFC 3261 §13) as the proxy sees them, so a call history is kept for every SIP client without
 * trusting any client to report. Declared here, implemented outside the SIP room (server/src/calls).
 *
 * One call is one Call-ID (§8.1.1.4). For each call the observer receives, in order:
 *
 *     offered ──▶ [diverted] ──▶ answered ──▶ ended          (a BYE from either side, or a flow closed)
 *        │                          └──────▶ flowClosed
 *        └──────▶ failed                                        (final ≥ 300 to the caller, or caller gone)
 *
 * `answered` may come more than once (other forks answering too, re-INVITEs): the first one counts.
 * A user agent that answers INVITEs itself instead of the proxy (a B2BUA such as the PSTN gateway)
 * reports its calls through the same interface: `offered` (with `callee` of its choice, e.g.
 * `+4930123456`, which is not a local user and so gets no entry), then `answered`/`failed`, then `ended`.
 * Methods must not throw and must return quickly (they run on the SIP path).
 */

/** One end of a call as its SIP URI names it. */
export interface CallParty {
  /** The SIP URI, e.g. `sip:alice@example.com`. */
  readonly uri: string;
  /** Lower-case username when the URI is of this service's domain (a local user or agent). */
  readonly username?: string;
  /** The display name of the From/To field, if any. */
  readonly displayName?: string;
}

export interface CallOffer {
  readonly callId: string;
  readonly caller: CallParty;
  /** The local username the call was addressed to (its address of record), or a B2BUA's callee. */
  readonly callee: CallParty;
  /** The caller's device, as its `User-Agent` header names it (RFC 3261 §20.41). */
  readonly callerDevice?: string;
  /** The flow the INVITE came on: when it closes before an answer the call failed. */
  readonly callerFlowId?: string;
  /** Set when the call went straight to another URI (voicemail) because the callee had no device. */
  readonly divertedTo?: string;
}

export interface CallAnswer {
  /** Who answered: the username of the binding (the callee, or `voicemail`/`echo` after a divert). */
  readonly username: string;
  /** The answering device, as the 2xx's `User-Agent` or `Server` header names it (§20.35, §20.41). */
  readonly device?: string;
  /** The flow of the answering device (a closed flow ends the call). */
  readonly flowId?: string;
}

export interface CallObserver {
  /** An out-of-dialog INVITE is being forwarded (forked) to the callee's devices. */
  offered(offer: CallOffer): void;
  /** The call was retargeted (no answer, busy, declined) to `to` (a username of this domain). */
  diverted(callId: string, to: string): void;
  /** A 2xx to the INVITE went through to the caller (§16.7 step 5). */
  answered(callId: string, answer: CallAnswer): void;
  /** The caller got a final non-2xx (`cancelled` when it had sent CANCEL, §16.10). */
  failed(callId: string, status: number, cancelled: boolean): void;
  /** A BYE for the call's dialog went through (from either side, §15.1). */
  ended(callId: string): void;
  /** A flow closed: calls whose caller or answering device used it are over. */
  flowClosed(flowId: string): void;
}
