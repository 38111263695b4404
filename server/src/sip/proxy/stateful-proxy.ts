/**
 * The proxy proper (RFC 3261 §16): Route pre-processing (§16.4), the route decision (§16.5), forking
 * through one response context per request (§16.6–§16.7, proxy-context.ts), CANCEL (§16.10) and the
 * end-to-end forwarding of 2xx ACKs. Validation, authentication, the registrar and the service's own
 * handlers run before it, in the core; transactions (and retransmissions) below it.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../../common/logger.js';
import type { CoreRouter, PreRoute } from '../core/core-router.js';
import type { CallObserver } from '../core/call-observer.js';
import type { MediaRelayHook } from '../core/media-relay-hook.js';
import type { PresenceTracker } from '../core/presence/presence-tracker.js';
import { optionsHeaders } from '../core/request-pipeline.js';
import type { ResponseOptions } from '../message/build-response.js';
import type { ParsedRequest, ParsedResponse } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/server-transaction.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import type { Flow } from '../transport/flow.js';
import type { FlowPair, FlowTokenCodec } from './flow-token.js';
import { reportAnswered, reportFinal, reportUnreachable } from './call-reports.js';
import { MediaAnchor } from './media-anchor.js';
import type { ClientBranch } from './client-branch.js';
import { ProxyContext } from './proxy-context.js';
import type { ProxyHost } from './proxy-host.js';
import { decideRoute, requiresAuthentication, type RoutingFacts, type RoutingInput } from './routing.js';
import { isLoop, loopHash, newBranch } from './via-branch.js';

export interface StatefulProxyOptions {
  readonly domain: string;
  readonly logger: Logger;
  readonly flow: (id: string) => Flow | undefined;
  readonly tokens: FlowTokenCodec;
  /** The flow that succeeded a flow whose UA registered again elsewhere (flow-succession.ts); itself if none. */
  readonly successor?: (flowId: string) => string;
  readonly facts: RoutingFacts;
  readonly presence: PresenceTracker;
  readonly transactions: TransactionLayer;
  readonly noAnswerTimeoutMs: number;
  /** How long a finished context is kept to forward late 2xx (64·T1 = 32 s by default). */
  readonly lingerMs?: number;
  readonly cancelGuardMs?: number;
  /** Per-callee ring time (voicemail user setting); `undefined` → `noAnswerTimeoutMs`. */
  readonly ringTimeoutMs?: (callee: string) => number | undefined;
  /** Whether a Via sent-by host is one of ours (loop detection, §16.3 step 4). */
  readonly isOurHost?: (host: string) => boolean;
  readonly mediaRelay?: MediaRelayHook;
  /** Opens (or reuses) a TCP flow to a UDP peer's address, for requests too large for UDP (§18.1.1). */
  readonly tcpTo?: (address: string, port: number) => Promise<Flow>;
  /** Told about every call the proxy forwards (call history; core/call-observer.ts). */
  readonly calls?: CallObserver;
}

/** RFC 3261 §18.1.1: larger requests than this go over a congestion-controlled transport when possible. */
export const UDP_REQUEST_LIMIT = 1300;

/** §16.4 result, with the flow pair of our Record-Route token. */
export interface ProxyPreRoute extends PreRoute {
  readonly token: FlowPair | undefined;
}

export class StatefulProxy implements ProxyHost, CoreRouter<ProxyPreRoute> {
  readonly domain: string;
  readonly facts: RoutingFacts;
  readonly logger: Logger;
  readonly transactions: TransactionLayer;
  readonly mediaRelay: MediaRelayHook | undefined;
  readonly noAnswerTimeoutMs: number;
  readonly cancelGuardMs: number;
  readonly ringTimeoutMs: ((callee: string) => number | undefined) | undefined;
  readonly calls: CallObserver | undefined;
  /** Live response contexts by server transaction id (CANCEL finds its INVITE's here). */
  private readonly contexts = new Map<string, ProxyContext>();
  /**
   * Finished INVITE contexts waiting out `lingerMs`, with the time each may go. All wait the same time,
   * so insertion order is expiry order and one timer for the oldest serves them all: a timer per context
   * cost ~1 kB of heap per call at set-up (bench/memory.ts).
   */
  private readonly lingeringUntil = new Map<ProxyContext, number>();
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly ending = new WeakSet<ProxyContext>();
  private readonly lingerMs: number;

  constructor(private readonly options: StatefulProxyOptions) {
    this.domain = options.domain;
    this.facts = options.facts;
    this.logger = options.logger;
    this.transactions = options.transactions;
    this.mediaRelay = options.mediaRelay;
    this.noAnswerTimeoutMs = options.noAnswerTimeoutMs;
    this.lingerMs = options.lingerMs ?? 32_000;
    this.cancelGuardMs = options.cancelGuardMs ?? 4_000;
    this.ringTimeoutMs = options.ringTimeoutMs;
    this.calls = options.calls;
  }

  // ---- ProxyHost ----------------------------------------------------------------------------
  flow(flowId: string): Flow | undefined {
    return this.options.flow(flowId);
  }

  async flowForSize(flow: Flow, bytes: number): Promise<Flow> {
    if (flow.transport !== 'UDP' || bytes <= UDP_REQUEST_LIMIT || !this.options.tcpTo) return flow;
    try {
      return await this.options.tcpTo(flow.remote.address, flow.remote.port);
    } catch (err) {
      // The target takes no TCP: UDP is all there is (its datagrams may still carry up to 64 KiB).
      this.logger.debug({ tnx: 'tcp-connect', err: String(err) }, 'large request stays on UDP');
      return flow;
    }
  }

  sentBy(flow: Flow): string {
    return flow.sentBy ?? this.domain;
  }

  recordRoute(pair: FlowPair, flow: Flow): string {
    return this.options.tokens.recordRoute(pair, flow.transport.toLowerCase(), flow.sentBy);
  }

  respond(context: ProxyContext, status: number, options?: ResponseOptions): void {
    context.server.respond(status, options);
    reportFinal(this.calls, context, status);
    if (status >= 200) this.finished(context);
  }

  send(context: ProxyContext, response: SipMessage, status: number): void {
    context.server.send(response);
    reportFinal(this.calls, context, status);
    if (status >= 200) this.finished(context);
  }

  /**
   * Keeps a finished INVITE context a while (late 2xx from other forks, CANCELs), then forgets it. A
   * non-INVITE context whose branches all ended goes at once: no response after its final is forwarded
   * (§16.7 step 5: only 2xx to INVITE), it cannot be cancelled (§9.1), and its client transactions absorb
   * late responses alone (Timer K). Keeping it 64·T1 held every MESSAGE of a busy minute in memory.
   */
  finished(context: ProxyContext): void {
    if (this.ending.has(context)) return;
    this.ending.add(context);
    if (context.server.request.method !== 'INVITE' && context.branches.every((b) => b.state === 'done')) {
      if (this.contexts.get(context.server.id) === context) this.contexts.delete(context.server.id);
      context.dispose();
      return;
    }
    // After this turn: a 2xx confirms its dialog (`onAnswered`) first, so "ringing" turns straight into
    // "on-call" for watchers, never "online" in between.
    queueMicrotask(() => this.options.presence.ringEnded(context.server.id));
    this.lingeringUntil.set(context, Date.now() + this.lingerMs);
    if (!this.lingerTimer) this.armLinger(this.lingerMs);
  }

  private armLinger(ms: number): void {
    this.lingerTimer = setTimeout(() => this.endLingering(), Math.max(0, ms));
    this.lingerTimer.unref();
  }

  /** Forgets the contexts whose linger is over, oldest first; waits for the next one. */
  private endLingering(): void {
    this.lingerTimer = undefined;
    const now = Date.now();
    for (const [context, until] of this.lingeringUntil) {
      if (until > now) {
        this.armLinger(Math.min(until - now, this.lingerMs));
        return;
      }
      this.lingeringUntil.delete(context);
      if (this.contexts.get(context.server.id) === context) this.contexts.delete(context.server.id);
      context.dispose();
    }
  }

  onAnswered(context: ProxyContext, branch: ClientBranch, response: ParsedResponse): void {
    reportAnswered(this.calls, context, branch, response);
    const req = context.server.request;
    if (!response.toTag || !req.fromTag) return;
    const caller = (req.from.uri.user ?? '').toLowerCase();
    const callee = (branch.target.username ?? response.to.uri.user ?? '').toLowerCase();
    this.options.presence.dialogConfirmed(
      req.callId,
      req.fromTag,
      response.toTag,
      [caller, callee],
      [context.server.flowId, branch.target.flowId],
    );
  }

  // ---- CoreRouter ---------------------------------------------------------------------------
  preprocess(req: ParsedRequest, flow: Flow): ProxyPreRoute {
    // §16.4: our own Route values are removed; a flow token tells where the dialog goes.
    let token: FlowPair | undefined;
    for (const route of req.routes) {
      if (!this.options.tokens.isOurs(route.uri)) break;
      token = this.options.tokens.decode(route.uri) ?? token;
      req.message.removeFirst('Route');
    }
    // A party that reconnected reaches, and is reached on, its new flow (flow-succession.ts).
    const next = this.options.successor;
    if (token && next) token = { a: next(token.a), b: next(token.b) };
    const input = this.routingInput(req, flow, token);
    const ours = this.options.isOurHost ?? ((h: string) => h.toLowerCase() === this.domain.toLowerCase());
    return {
      token,
      byToken: token !== undefined,
      trusted: !requiresAuthentication(input) && req.method !== 'ACK' && req.method !== 'CANCEL',
      loop: isLoop(req, ours),
    };
  }

  async route(flow: Flow, req: ParsedRequest, st: ServerTransaction, pre: ProxyPreRoute): Promise<void> {
    const decision = await decideRoute(this.routingInput(req, flow, pre.token), this.facts);
    if (st.isFinal) return; // cancelled meanwhile
    if (req.method === 'BYE' && req.fromTag && req.toTag) {
      this.options.presence.dialogEnded(req.callId, req.fromTag, req.toTag);
      this.calls?.ended(req.callId);
    }
    this.logger.debug(
      { tnx: 'route', method: req.method, callId: req.callId, decision: decision.kind },
      'routed',
    );
    if (decision.kind === 'respond') {
      st.respond(decision.status, decision.reason ? { reason: decision.reason } : {});
      if (decision.callee && req.method === 'INVITE' && !req.toTag)
        reportUnreachable(this.calls, req, this.domain, decision.callee, flow.id, decision.status);
      return;
    }
    if (decision.kind === 'local') {
      st.respond(200, { headers: optionsHeaders() });
      return;
    }
    // The relay forgets a cross-profile call when it ends (BYE from either side).
    if (req.method === 'BYE' && this.mediaRelay && req.fromTag) {
      const target = decision.targets[0] && this.flow(decision.targets[0].flowId);
      const anchor = new MediaAnchor(this.mediaRelay, flow.transport, target?.transport ?? flow.transport);
      anchor
        .delete({ callId: req.callId, fromTag: req.fromTag, ...(req.toTag ? { toTag: req.toTag } : {}) })
        .catch((err: unknown) => this.logger.warn({ tnx: 'media', err: String(err) }, 'relay delete failed'));
    }
    const ctx = new ProxyContext(this, st, decision, flow);
    this.contexts.set(st.id, ctx);
    // Busy lamp: the callee rings until the INVITE's final response (`finished`).
    if (req.method === 'INVITE' && !decision.inDialog && decision.callee && !decision.diverted) {
      this.options.presence.ringStarted(st.id, decision.callee);
    }
    ctx.start();
  }

  /**
   * The ACK for a 2xx travels end to end, outside any transaction (§16.11-style forwarding). An ACK cannot
   * be challenged (§22.1), so it is forwarded only inside a dialog this proxy knows: by our Record-Route
   * token, or — routed by a registered contact — when the INVITE dialog it names was confirmed here.
   * Anything else (an ACK to an address of record, or to a contact outside any dialog) is dropped, so no
   * one reaches a device unauthenticated.
   */
  forwardAck(flow: Flow, req: ParsedRequest, pre: ProxyPreRoute): void {
    void decideRoute(this.routingInput(req, flow, pre.token), this.facts).then((decision) => {
      if (decision.kind !== 'forward' || !decision.inDialog) return;
      const known =
        pre.byToken ||
        (req.fromTag !== undefined &&
          req.toTag !== undefined &&
          this.options.presence.hasDialog(req.callId, req.fromTag, req.toTag));
      if (!known) {
        this.logger.info({ tnx: 'ack', callId: req.callId }, 'ACK outside any known dialog: dropped');
        return;
      }
      const target = decision.targets[0];
      const out = target && this.flow(target.flowId);
      if (!target || !out) return;
      const copy = req.message.clone();
      if (target.ruri) copy.startLine = { kind: 'request', method: req.method, uri: target.ruri };
      copy.set('Max-Forwards', String((req.maxForwards ?? 71) - 1));
      copy.prepend('Via', `SIP/2.0/${out.transport} ${this.sentBy(out)};branch=${newBranch(loopHash(req))}`);
      out.send(copy.toString());
    });
  }

  /** §16.10 CANCEL: 200 to the CANCEL, then cancel the pending branches of the INVITE. */
  cancel(flow: Flow, req: ParsedRequest, st: ServerTransaction, invite: ServerTransaction | undefined): void {
    if (!invite || invite.flowId !== flow.id) {
      st.respond(481, { toTag: randomBytes(5).toString('hex') });
      return;
    }
    st.respond(200, { toTag: invite.toTag });
    const ctx = this.contexts.get(invite.id);
    if (ctx) ctx.callerCancelled(req.message.get('Reason'));
    else if (!invite.isFinal) invite.respond(487);
  }

  onFlowClosed(flowId: string): void {
    this.calls?.flowClosed(flowId);
    for (const ctx of [...this.contexts.values()]) ctx.onFlowClosed(flowId);
  }

  close(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.lingeringUntil.clear();
    for (const ctx of this.contexts.values()) ctx.dispose();
    this.contexts.clear();
  }

  /** Finished contexts kept a while for late responses. */
  get lingering(): number {
    return this.lingeringUntil.size;
  }

  /** Live response contexts and their branches (tests check none is left once calls are over). */
  get stats(): { servers: number; branches: number } {
    let branches = 0;
    for (const ctx of this.contexts.values()) branches += ctx.branches.length;
    return { servers: this.contexts.size, branches };
  }

  private routingInput(req: ParsedRequest, flow: Flow, token: FlowPair | undefined): RoutingInput {
    return {
      method: req.method,
      arrivalFlow: flow.id,
      ruri: {
        scheme: req.ruri.scheme,
        user: req.ruri.user,
        host: req.ruri.host,
        port: req.ruri.port,
        text: req.message.startLine.kind === 'request' ? req.message.startLine.uri : '',
      },
      ...(req.toTag !== undefined ? { toTag: req.toTag } : {}),
      ...(token ? { token } : {}),
    };
  }
}
