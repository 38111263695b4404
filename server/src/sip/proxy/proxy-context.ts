/**
 * The response context of the stateful proxy (RFC 3261 §16): the server transaction of a received
 * request and one client transaction ("branch") per target, each run by the transaction layer (§17),
 * so a lost INVITE, response or BYE on UDP is retransmitted there, not here.
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
 * - a request crossing transports gets two Record-Route values, one per side (RFC 5658 §3.2);
 * - between a WebRTC and a plain-RTP party the SDP goes through the media relay (media-anchor.ts).
 */
import { REASONS } from '../message/build-response.js';
import type { ParsedResponse } from '../message/parse-message.js';
import type { HeaderField } from '../message/sip-message.js';
import type { ServerTransaction } from '../transaction/server-transaction.js';
import type { Flow } from '../transport/flow.js';
import { reportOffered, reportOfferedToNumber } from './call-reports.js';
import { ClientBranch, type BranchFinal } from './client-branch.js';
import { hasSdp, MediaAnchor, NO_RELAY_REASON, noRelayWarning } from './media-anchor.js';
import type { ProxyHost } from './proxy-host.js';
import { buildCancel, COMPLETED_ELSEWHERE, divertHeaders, forwardedCopy } from './proxy-messages.js';
import { selectBestResponse, statusToForward } from './response-selection.js';
import {
  divertTargets,
  DO_NOT_DISTURB_REASON,
  type DivertReason,
  type RouteDecision,
  type RouteTarget,
} from './routing.js';
import { loopHash, newBranch } from './via-branch.js';

/** Methods whose out-of-dialog requests create dialogs and get our Record-Route (§16.6 step 4). */
const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER', 'NOTIFY']);
/** Requests that may carry an SDP offer (RFC 3264, RFC 3311). */
const OFFERING = new Set(['INVITE', 'UPDATE']);

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
    private readonly callerFlow: Flow,
  ) {
    this.method = server.request.method;
    this.callee = decision.callee;
  }

  get isInvite(): boolean {
    return this.method === 'INVITE';
  }

  /** A dialog-creating INVITE to a user (a call, for the call observer), not a re-INVITE. */
  get isCall(): boolean {
    return this.isInvite && !this.decision.inDialog;
  }

  start(): void {
    const d = this.decision;
    if (d.diverted) this.diverted = true;
    const extra = d.diverted
      ? divertHeaders(`sip:${d.diverted.from}@${this.host.domain}`, d.diverted.to, d.diverted.why)
      : [];
    // §16.2: a stateful proxy answers an INVITE with 100 Trying at once.
    if (this.isInvite) this.server.respond(100);
    const callee = this.callee ?? d.targets[0]?.username;
    if (this.isCall && callee) {
      const original = d.diverted?.from ?? callee;
      const to = d.diverted ? callee : undefined;
      reportOffered(this.host.calls, this.server.request, this.host.domain, original, this.server.flowId, to);
    } else if (this.isCall && d.phoneCall) {
      reportOfferedToNumber(this.host.calls, this.server.request, this.host.domain, this.server.flowId);
    }
    // Do not disturb: the caller hears at once that the call goes to voicemail (routing.ts).
    if (this.isInvite && d.diverted?.why === 'dnd') this.tellDoNotDisturb();
    for (const target of d.targets) this.forward(target, extra);
    // The callee's own ring time (voicemail setting) when the service gives one.
    if (this.isInvite && !d.inDialog)
      this.armNoAnswer(this.callee ? this.host.ringTimeoutMs?.(this.callee) : undefined);
  }

  /** §16.6: copy, retarget, Max-Forwards, Record-Route, credentials consumed, Via, send. */
  private forward(target: RouteTarget, extra: readonly HeaderField[]): void {
    const req = this.server.request;
    const flow = this.host.flow(target.flowId);
    let recordRoute: string[] = [];
    if (flow && !this.decision.inDialog && DIALOG_CREATING.has(req.method)) {
      // Step 4 and RFC 5658 §3.2: the caller reads the bottom value, the callee the top one; when the
      // two flows differ in transport or address, each side gets the value naming its own.
      const pair = { a: this.server.flowId, b: target.flowId };
      const callerSide = this.host.recordRoute(pair, this.callerFlow);
      const calleeSide = this.host.recordRoute(pair, flow);
      recordRoute = callerSide === calleeSide ? [calleeSide] : [calleeSide, callerSide];
    }
    const copy = forwardedCopy(req, target.ruri, recordRoute, this.host.domain, extra);
    const id = newBranch(loopHash(req));
    const media = new MediaAnchor(this.host.mediaRelay, this.callerFlow.transport, flow?.transport ?? 'WS');
    const branch = new ClientBranch(id, this, target, copy, media);
    this.branches.push(branch);
    if (!flow) {
      this.giveUp(branch, { status: 480 });
      return;
    }
    // Step 8: our Via, naming the transport; `rport` asks for the source port back (RFC 3581).
    const rport = flow.transport === 'UDP' ? ';rport' : '';
    copy.prepend('Via', `SIP/2.0/${flow.transport} ${this.host.sentBy(flow)};branch=${id}${rport}`);
    if (OFFERING.has(req.method) && hasSdp(copy) && media.impossible) {
      this.giveUp(branch, {
        status: 488,
        reason: NO_RELAY_REASON,
        headers: [{ name: 'Warning', value: noRelayWarning(this.host.domain) }],
      });
      return;
    }
    branch.queue = (async () => {
      if (OFFERING.has(req.method)) await media.offer(this.leg(branch), copy);
      // §18.1.1: a request over 1300 bytes for a UDP target goes over TCP when it takes a connection;
      // "the value in the top Via MUST be changed" to name the transport used.
      const via = await this.host.flowForSize(flow, Buffer.byteLength(copy.toString()));
      if (via !== flow) {
        copy.removeFirst('Via');
        copy.prepend('Via', `SIP/2.0/${via.transport} ${this.host.sentBy(via)};branch=${id}`);
      }
      if (branch.state === 'done') return; // cancelled while the relay answered
      // The branch is its transaction's user (client-branch.ts): no closures per branch.
      branch.transaction = this.host.transactions.sendRequest(via, id, copy, branch);
    })().catch((err: unknown) => {
      this.host.logger.warn(
        { tnx: 'media', callId: req.callId, err: String(err) },
        'media relay refused the offer',
      );
      this.giveUp(branch, { status: 488, reason: 'Not Acceptable Here (Media Relay Failed)' });
    });
  }

  private leg(
    branch: ClientBranch,
    toTag?: string,
  ): { callId: string; fromTag: string; toTag?: string; viaBranch: string } {
    const req = this.server.request;
    return {
      callId: req.callId,
      fromTag: req.fromTag ?? '',
      ...((toTag ?? req.toTag) ? { toTag: toTag ?? req.toTag } : {}),
      viaBranch: branch.id,
    };
  }

  /** Timer B / F on a branch (§16.7 step 2 → 408), or its flow failed (480). */
  onBranchFailed(branch: ClientBranch, status: 408 | 480): void {
    this.giveUp(branch, { status });
  }

  /** Responses of one branch, in order, after the relay rewrote their SDP answer (if it must). */
  onBranchResponse(branch: ClientBranch, response: ParsedResponse): void {
    if (!branch.media.crossing) {
      this.onResponse(branch, response);
      return;
    }
    branch.queue = branch.queue
      .then(async () => {
        const status = response.status;
        const leg = this.leg(branch, response.toTag);
        if (this.isInvite || this.method === 'UPDATE') {
          if (status > 100 && status < 300) await branch.media.answer(leg, response.message);
          else if (status >= 300 && !this.decision.inDialog) await branch.media.delete(leg);
        }
        this.onResponse(branch, response);
      })
      .catch((err: unknown) => {
        this.host.logger.warn({ tnx: 'media', err: String(err) }, 'media relay failed on an answer');
        this.onResponse(branch, response);
      });
  }

  /** A response arrived on `branch` (§16.7). */
  onResponse(branch: ClientBranch, response: ParsedResponse): void {
    const status = response.status;
    if (branch.state === 'done' && !(this.isInvite && status >= 200 && status < 300)) return;
    if (status < 200) {
      branch.state = 'proceeding';
      if (branch.cancelPending !== undefined) this.sendCancel(branch, branch.cancelPending);
      // §16.7 step 5: provisional responses other than 100 are forwarded at once.
      if (status > 100 && !this.server.isFinal && !branch.abandoned) this.forwardResponse(response, status);
      return;
    }
    const first = branch.state !== 'done';
    branch.state = 'done';
    if (branch.guard) clearTimeout(branch.guard);
    // A 2xx is forwarded at once below and never chosen again as the best response (§16.7 step 6 runs
    // only while the caller has no final): the branch keeps its status, not the whole answer with its
    // SDP, for the 64·T1 an answered INVITE context lingers.
    if (first) branch.final = status < 300 ? { status } : { status, response };
    // Non-2xx finals are ACKed by the INVITE client transaction itself (§17.1.1.3).
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
        if (!this.server.isFinal) this.host.respond(this, 487);
      }, this.host.cancelGuardMs);
      this.cancelGuard.unref();
    }
  }

  /** A flow went away: branches sent there fail; if it was the caller's, the search stops. */
  onFlowClosed(flowId: string): void {
    if (this.server.flowId === flowId && !this.server.isFinal) {
      this.cancelled = true;
      this.server.abandon(); // nobody to tell
      this.host.finished(this);
      this.clearTimers();
      this.cancelBranches(undefined, () => true);
    }
    for (const b of this.branches) {
      if (b.target.flowId === flowId && b.state !== 'done') {
        b.transaction?.terminate();
        this.giveUp(b, { status: 480 });
      }
    }
  }

  /** Ends a branch with a made-up final response (nothing was received, so nothing to ACK). */
  private giveUp(branch: ClientBranch, final: BranchFinal): void {
    if (branch.state === 'done') return;
    if (branch.guard) clearTimeout(branch.guard);
    if (branch.state === 'proceeding' && this.isInvite) this.sendCancel(branch, undefined);
    branch.state = 'done';
    branch.final = final;
    if (this.isInvite && !this.decision.inDialog) {
      branch.media.delete(this.leg(branch)).catch(() => undefined);
    }
    this.maybeComplete();
  }

  private cancelBranches(reason: string | undefined, which: (b: ClientBranch) => boolean): void {
    if (!this.isInvite) return;
    for (const b of this.branches) {
      if (b.state === 'done' || !which(b)) continue;
      this.sendCancel(b, reason);
    }
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
    const flow = this.host.flow(branch.target.flowId);
    if (flow) {
      // CANCEL is a hop-by-hop non-INVITE transaction with the INVITE's branch (§9.1).
      const ignore = (): void => undefined;
      this.host.transactions.sendRequest(flow, branch.id, buildCancel(branch.request, reason || undefined), {
        onResponse: ignore,
        onTimeout: ignore,
        onTransportError: ignore,
      });
    }
    // A target that never answers the CANCEL with a final response is ended by this guard.
    if (branch.guard) clearTimeout(branch.guard);
    branch.guard = setTimeout(() => {
      branch.transaction?.terminate();
      this.giveUp(branch, { status: 487 });
    }, this.host.cancelGuardMs);
    branch.guard.unref();
  }

  /** §16.7 step 6: all branches final → forward the best response (or divert, or 408). */
  private maybeComplete(): void {
    if (this.server.isFinal) return;
    const live = this.branches.filter((b) => !b.abandoned);
    if (live.some((b) => b.state !== 'done')) return;
    const index = selectBestResponse(live.map((b) => b.final?.status ?? 408));
    const best = index === undefined ? undefined : live[index];
    if (!best?.final) {
      this.host.respond(this, 408);
      return;
    }
    const why = this.divertReasonFor(best.final.status);
    if (why && this.tryDivert(why)) return;
    this.clearTimers();
    const final = best.final;
    if (final.response) this.forwardResponse(final.response, statusToForward(final.status));
    else
      this.host.respond(this, final.status, {
        ...(final.reason ? { reason: final.reason } : {}),
        ...(final.headers ? { headers: final.headers } : {}),
      });
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
    if (decision.callee) this.host.calls?.diverted(this.server.request.callId, decision.callee);
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

  /**
   * RFC 3261 §21.1.3 181 Call Is Being Forwarded, with the reason phrase `Do Not Disturb` (§7.2: for the
   * human user) and a Contact (a 1xx with a To tag opens an early dialog, §12.1, and needs one: SIP.js
   * drops it otherwise). Nobody sends requests in it; the voicemail agent's 2xx confirms its own dialog.
   */
  private tellDoNotDisturb(): void {
    this.server.respond(181, {
      reason: DO_NOT_DISTURB_REASON,
      headers: [{ name: 'Contact', value: `<sip:${this.host.sentBy(this.callerFlow)}>` }],
    });
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
    this.host.respond(this, 408, { reason: 'Request Timeout (No Answer)' });
  }

  /** Sends a downstream response upstream, without our Via (§16.7 step 9). */
  private forwardResponse(response: ParsedResponse, status: number): void {
    const copy = response.message.clone();
    copy.removeFirst('Via');
    if (status !== response.status) {
      copy.startLine = { kind: 'response', status, reason: REASONS[status] ?? 'Server Internal Error' };
    }
    this.host.send(this, copy, status);
  }

  clearTimers(): void {
    if (this.noAnswer) clearTimeout(this.noAnswer);
    if (this.cancelGuard) clearTimeout(this.cancelGuard);
  }

  dispose(): void {
    this.clearTimers();
    for (const b of this.branches) if (b.guard) clearTimeout(b.guard);
  }
}
