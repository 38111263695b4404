/**
 * Transaction state of the stateful proxy (RFC 3261 §16, §17): the server transaction of a received
 * request, one client transaction ("branch") per target, and the response context joining them.
 *
 *     caller ──INVITE──▶ ServerTransaction ──▶ ProxyContext ──▶ ClientBranch ──INVITE──▶ device 1
 *                                                    └────────▶ ClientBranch ──INVITE──▶ device 2
 *
 * Rules kept here (each repeated where it is implemented):
 * - 100 is never forwarded; other provisionals are (§16.7 step 5);
 * - every 2xx to INVITE is forwarded; the first one cancels the other branches with
 *   `Reason: SIP;cause=200;text="Call completed elsewhere"` (§16.7 step 10, RFC 3326);
 * - a 6xx cancels the other branches (§16.7 step 5);
 * - when every branch has a final response, the best one is forwarded (§16.7 step 6);
 * - CANCEL is sent on a branch only after a provisional response arrived on it (§9.1);
 * - non-2xx finals are ACKed by the proxy itself (§17.1.1.3).
 * WebSocket is reliable, so no retransmission timers (A, E, G) run (§17.1.1.2, §17.1.2.2).
 */
import { randomBytes } from 'node:crypto';
import { buildResponse, REASONS, type ResponseOptions } from '../message/build-response.js';
import type { ParsedRequest, ParsedResponse } from '../message/parse-message.js';
import type { HeaderField, SipMessage } from '../message/sip-message.js';
import type { ProxyHost } from './proxy-host.js';
import { buildAck, buildCancel, COMPLETED_ELSEWHERE, divertHeaders } from './proxy-messages.js';
import { selectBestResponse, statusToForward } from './response-selection.js';
import { divertTargets, type DivertReason, type RouteDecision, type RouteTarget } from './routing.js';
import { loopHash, newBranch } from './via-branch.js';

/** Methods whose out-of-dialog requests create dialogs and get our Record-Route (§16.6 step 4). */
const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER', 'NOTIFY']);

export class ServerTransaction {
  readonly toTag = randomBytes(5).toString('hex');
  finalStatus: number | undefined;
  last: SipMessage | undefined;
  context: ProxyContext | undefined;

  constructor(
    readonly key: string,
    readonly flowId: string,
    readonly request: ParsedRequest,
    private readonly host: ProxyHost,
  ) {}

  get isFinal(): boolean {
    return this.finalStatus !== undefined;
  }

  /** A response generated here (§8.2.6). */
  respond(status: number, options: ResponseOptions = {}): void {
    this.send(buildResponse(this.request.message, status, { toTag: this.toTag, ...options }), status);
  }

  /**
   * Ends the transaction without a response, when nobody is left to receive one (the caller's flow
   * closed). Its cleanup is scheduled like after any final response, so the proxy forgets it.
   */
  abandon(status: number): void {
    if (this.finalStatus !== undefined) return;
    this.finalStatus = status;
    this.host.serverFinal(this);
  }

  send(response: SipMessage, status: number): void {
    if (status >= 200) {
      this.finalStatus ??= status;
      this.last = response;
      this.host.serverFinal(this);
    }
    this.host.sendTo(this.flowId, response);
  }
}

export interface BranchFinal {
  readonly status: number;
  /** Absent for answers made up by the proxy (timeout, flow gone). */
  readonly response?: ParsedResponse;
}

export class ClientBranch {
  state: 'calling' | 'proceeding' | 'done' = 'calling';
  final: BranchFinal | undefined;
  /** A CANCEL waits for the first provisional (§9.1); holds its Reason. */
  cancelPending: string | undefined;
  cancelSent = false;
  /** Branches of the first target set after a divert no longer compete for the best response. */
  abandoned = false;
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly context: ProxyContext,
    readonly target: RouteTarget,
    readonly request: SipMessage,
  ) {}
}

export class ProxyContext {
  readonly branches: ClientBranch[] = [];
  answered = false;
  cancelled = false;
  diverted = false;
  private noAnswer: NodeJS.Timeout | undefined;
  private cancelGuard: NodeJS.Timeout | undefined;
  private readonly method: string;
  private readonly callee: string | undefined;

  constructor(
    private readonly host: ProxyHost,
    readonly server: ServerTransaction,
    private readonly decision: Extract<RouteDecision, { kind: 'forward' }>,
  ) {
    this.method = server.request.method;
    this.callee = decision.callee;
  }

  get isInvite(): boolean {
    return this.method === 'INVITE';
  }

  start(): void {
    const d = this.decision;
    if (d.diverted) this.diverted = true;
    const extra = d.diverted
      ? divertHeaders(`sip:${d.diverted.from}@${this.host.domain}`, d.diverted.to, d.diverted.why)
      : [];
    // §16.2: a stateful proxy answers an INVITE with 100 Trying at once.
    if (this.isInvite) this.server.respond(100);
    for (const target of d.targets) this.forward(target, extra);
    // The callee's own ring time (voicemail setting) when the service gives one.
    if (this.isInvite && !d.inDialog)
      this.armNoAnswer(this.callee ? this.host.ringTimeoutMs?.(this.callee) : undefined);
  }

  /** §16.6: copy, retarget, Max-Forwards, Record-Route, credentials consumed, Via, send. */
  private forward(target: RouteTarget, extra: readonly HeaderField[]): void {
    const req = this.server.request;
    const copy = req.message.clone();
    if (target.ruri) copy.startLine = { kind: 'request', method: req.method, uri: target.ruri }; // step 2
    copy.set('Max-Forwards', String((req.maxForwards ?? 71) - 1)); // step 3
    if (!this.decision.inDialog && DIALOG_CREATING.has(req.method)) {
      copy.prepend('Record-Route', this.host.tokens.recordRoute({ a: this.server.flowId, b: target.flowId })); // step 4
    }
    // §22.3: credentials for our realm are consumed here, never passed on.
    const realm = `realm="${this.host.domain}"`;
    const others = copy.getAll('Proxy-Authorization').filter((v) => !v.includes(realm));
    copy.remove('Proxy-Authorization');
    for (const v of others) copy.append('Proxy-Authorization', v);
    for (const h of extra) copy.append(h.name, h.value);
    const id = newBranch(loopHash(req));
    const transport = this.host.flowTransport(target.flowId) ?? 'WS';
    copy.prepend('Via', `SIP/2.0/${transport} ${this.host.viaHost};branch=${id}`); // step 8
    const branch = new ClientBranch(id, this, target, copy);
    this.branches.push(branch);
    this.host.registerBranch(branch);
    // Timer B / F (64·T1): a target that never answers at all is given up.
    branch.timer = setTimeout(() => this.giveUp(branch, 408), this.host.transactionTimeoutMs);
    branch.timer.unref();
    if (!this.host.sendTo(target.flowId, copy)) this.giveUp(branch, 480);
  }

  /** A response arrived on `branch` (§16.7). */
  onResponse(branch: ClientBranch, response: ParsedResponse): void {
    const status = response.status;
    if (branch.state === 'done' && !(this.isInvite && status >= 200 && status < 300)) return;
    if (status < 200) {
      branch.state = 'proceeding';
      if (this.isInvite && branch.timer) clearTimeout(branch.timer); // Timer B stops at a provisional
      if (branch.cancelPending !== undefined) this.sendCancel(branch, branch.cancelPending);
      // §16.7 step 5: provisional responses other than 100 are forwarded at once.
      if (status > 100 && !this.server.isFinal && !branch.abandoned) this.forwardResponse(response, status);
      return;
    }
    const first = branch.state !== 'done';
    branch.state = 'done';
    if (branch.timer) clearTimeout(branch.timer);
    if (first) branch.final = { status, response };
    if (this.isInvite && status >= 300) {
      this.host.sendTo(branch.target.flowId, buildAck(branch.request, response)); // §17.1.1.3
    }
    if (status < 300) {
      if (this.isInvite) {
        // §16.7 step 5: every 2xx to INVITE is forwarded, even after another one.
        this.forwardResponse(response, status);
        this.host.onAnswered(this, branch, response);
        if (!this.answered) {
          this.answered = true;
          this.clearTimers();
          // §16.7 step 10: cancel the other branches, saying why (RFC 3326).
          this.cancelBranches(COMPLETED_ELSEWHERE, (b) => b !== branch);
        }
      } else if (!this.server.isFinal) this.forwardResponse(response, status);
      return;
    }
    // §16.7 step 5: a 6xx ends the search everywhere.
    if (this.isInvite && status >= 600) this.cancelBranches(undefined, (b) => b !== branch);
    this.maybeComplete();
  }

  /** The caller's CANCEL (§16.10): cancel every pending branch; the 487s come back and are forwarded. */
  callerCancelled(reason: string | undefined): void {
    this.cancelled = true;
    if (this.server.isFinal) return;
    this.clearTimers();
    this.cancelBranches(reason, () => true);
    if (!this.server.isFinal) {
      this.cancelGuard = setTimeout(() => {
        if (!this.server.isFinal) this.server.respond(487);
      }, this.host.cancelGuardMs);
      this.cancelGuard.unref();
    }
  }

  /** A flow went away: branches sent there fail; if it was the caller's, the search stops. */
  onFlowClosed(flowId: string): void {
    if (this.server.flowId === flowId && !this.server.isFinal) {
      this.cancelled = true;
      this.server.abandon(487); // nobody to tell
      this.clearTimers();
      this.cancelBranches(undefined, () => true);
    }
    for (const b of this.branches) {
      if (b.target.flowId === flowId && b.state !== 'done') this.giveUp(b, 480);
    }
  }

  /** Ends a branch with a made-up final response (no ACK needed: nothing was received). */
  private giveUp(branch: ClientBranch, status: number): void {
    if (branch.state === 'done') return;
    if (branch.timer) clearTimeout(branch.timer);
    if (branch.state === 'proceeding' && this.isInvite) this.sendCancel(branch, undefined);
    branch.state = 'done';
    branch.final = { status };
    this.maybeComplete();
  }

  private cancelBranches(reason: string | undefined, which: (b: ClientBranch) => boolean): void {
    for (const b of this.branches) {
      if (b.state === 'done' || !which(b)) continue;
      if (this.isInvite) this.sendCancel(b, reason);
    }
    if (!this.isInvite) return;
    // Branches that have not answered yet cannot be cancelled now; if the flow is slow, Timer B ends them.
  }

  /** §9.1: CANCEL only after a provisional; otherwise remember and send on the first one. */
  private sendCancel(branch: ClientBranch, reason: string | undefined): void {
    if (branch.cancelSent || branch.state === 'done') return;
    if (branch.state === 'calling') {
      branch.cancelPending = reason ?? '';
      return;
    }
    branch.cancelSent = true;
    branch.cancelPending = undefined;
    this.host.sendTo(branch.target.flowId, buildCancel(branch.request, reason || undefined));
    // A target that never answers the CANCEL with a final response is ended by this guard.
    if (branch.timer) clearTimeout(branch.timer);
    branch.timer = setTimeout(() => this.giveUp(branch, 487), this.host.cancelGuardMs);
    branch.timer.unref();
  }

  /** §16.7 step 6: all branches final → forward the best response (or divert, or 408). */
  private maybeComplete(): void {
    if (this.server.isFinal) return;
    const live = this.branches.filter((b) => !b.abandoned);
    if (live.some((b) => b.state !== 'done')) return;
    const index = selectBestResponse(live.map((b) => b.final?.status ?? 408));
    const best = index === undefined ? undefined : live[index];
    if (!best?.final) {
      this.server.respond(408);
      return;
    }
    const why = this.divertReasonFor(best.final.status);
    if (why && this.tryDivert(why)) return;
    this.clearTimers();
    if (best.final.response) this.forwardResponse(best.final.response, statusToForward(best.final.status));
    else this.server.respond(best.final.status);
  }

  private divertReasonFor(status: number): DivertReason | undefined {
    if (!this.isInvite || this.diverted || this.cancelled || !this.callee || this.decision.inDialog)
      return undefined;
    if (status === 486 || status === 600) return 'busy';
    if (status === 603) return 'declined';
    if (status === 480 || status === 408) return 'no-answer';
    return undefined;
  }

  /** Retargets to the URI of the `divert` hook (voicemail). Returns false when there is none. */
  private tryDivert(why: DivertReason): boolean {
    if (!this.callee) return false;
    const decision = divertTargets(this.host.facts, this.callee, why);
    if (!decision || decision.kind !== 'forward' || !decision.diverted) return false;
    this.diverted = true;
    this.host.logger.info({ tnx: 'divert', callee: this.callee, why }, 'call diverted');
    for (const b of this.branches) {
      b.abandoned = true;
      if (b.state !== 'done') this.sendCancel(b, undefined);
    }
    this.clearTimers();
    const extra = divertHeaders(`sip:${this.callee}@${this.host.domain}`, decision.diverted.to, why);
    for (const target of decision.targets) this.forward(target, extra);
    this.armNoAnswer();
    return true;
  }

  private armNoAnswer(ms?: number): void {
    this.noAnswer = setTimeout(() => this.onNoAnswer(), ms || this.host.noAnswerTimeoutMs);
    this.noAnswer.unref();
  }

  /** The no-answer timeout (issue 2: 30 s): divert, or cancel everything and answer 408. */
  private onNoAnswer(): void {
    if (this.server.isFinal || this.answered) return;
    if (this.tryDivert('no-answer')) return;
    this.cancelBranches(undefined, () => true);
    this.server.respond(408, { reason: 'Request Timeout (No Answer)' });
  }

  /** Sends a downstream response upstream, without our Via (§16.7 step 9). */
  private forwardResponse(response: ParsedResponse, status: number): void {
    const copy = response.message.clone();
    copy.removeFirst('Via');
    if (status !== response.status) {
      copy.startLine = { kind: 'response', status, reason: REASONS[status] ?? 'Server Internal Error' };
    }
    this.server.send(copy, status);
  }

  clearTimers(): void {
    if (this.noAnswer) clearTimeout(this.noAnswer);
    if (this.cancelGuard) clearTimeout(this.cancelGuard);
  }

  dispose(): void {
    this.clearTimers();
    for (const b of this.branches) if (b.timer) clearTimeout(b.timer);
  }
}
