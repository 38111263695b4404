/**
 * The door from the core to the proxy above it (RFC 3261 §16), declared here so the core imports
 * nothing of the proxy: after validation, authentication and the local handlers, every request the
 * service does not answer itself is handed to a `CoreRouter`.
 */
import type { ParsedRequest } from '../message/parse-message.js';
import type { ServerTransaction } from '../transaction/server-transaction.js';
import type { Flow } from '../transport/flow.js';

/** What §16.4 Route pre-processing found, as far as the core cares. */
export interface PreRoute {
  /** The top Route values were ours and named a dialog (a Record-Route token): an in-dialog request. */
  readonly byToken: boolean;
  /**
   * An in-dialog request (To tag) arriving on one of the two flows our signed token names: the flow
   * itself authenticated, so no digest is asked (§22.3; see proxy/routing.ts `requiresAuthentication`).
   */
  readonly trusted: boolean;
  /** §16.3 step 4: the request carries one of our Vias with its own loop hash (482). */
  readonly loop: boolean;
}

export interface CoreRouter<P extends PreRoute = PreRoute> {
  /** §16.4: removes our own Route values from the request and reports what they said. */
  preprocess(req: ParsedRequest, flow: Flow): P;
  /** Routes an authenticated request (§16.5–§16.7); answers through `st`. */
  route(flow: Flow, req: ParsedRequest, st: ServerTransaction, pre: P): Promise<void>;
  /** An ACK matching no transaction (a 2xx's ACK): forwarded end to end. */
  forwardAck(flow: Flow, req: ParsedRequest, pre: P): void;
  /** §16.10: a CANCEL (answered through `st`); `invite` is the server transaction it cancels, if any. */
  cancel(flow: Flow, req: ParsedRequest, st: ServerTransaction, invite: ServerTransaction | undefined): void;
  onFlowClosed(flowId: string): void;
}
