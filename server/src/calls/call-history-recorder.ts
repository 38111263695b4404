/**
 * The call history recorder: a `CallObserver` (sip/core/call-observer.ts) that follows each call from
 * the INVITE to its end and writes one entry per local party through a sink. Pure (clock and sink are
 * given), so the state machine is tested without sockets.
 *
 *     offered ──diverted──▶ ringing ──answered──▶ answered ──ended / flowClosed──▶ (gone)
 *        │                     │        (entries added)        (entries ended)
 *        └─────────────────────┴──failed / caller's flowClosed──▶ (gone, entries added)
 *
 * Entries: the caller (a local user) gets `outgoing`; the callee gets `incoming` when one of its own
 * devices answered, else `missed` (cancelled, no answer, busy, declined everywhere, or answered by
 * voicemail). Agents (reserved names such as `voicemail`, `echo`) get no entries of their own.
 */
import type { CallDirection, CallOutcome } from '../../../common/call-history-types.js';
import type { CallAnswer, CallObserver, CallOffer, CallParty } from '../sip/sip-service-contract.js';

/** An entry to store (ids and record times are the sink's). Times in ms since the epoch. */
export interface RecordedCall {
  readonly username: string;
  readonly callId: string;
  readonly direction: CallDirection;
  readonly outcome: CallOutcome;
  readonly peer: CallParty;
  readonly startedAt: number;
  readonly answeredAt?: number;
  /** Set for calls that ended without an answer (the failure's time). */
  readonly endedAt?: number;
  readonly device?: string;
  readonly answeredBy?: string;
  readonly answeredOn?: string;
  readonly status?: number;
}

export interface CallHistorySink {
  /** A call reached its outcome (answered or failed): one entry per local party. */
  add(entries: readonly RecordedCall[]): void;
  /** An answered call ended at `at` (BYE, or a party's flow closed). */
  end(callId: string, at: number): void;
}

export interface CallHistoryRecorderOptions {
  readonly sink: CallHistorySink;
  readonly now: () => number;
  /** Whether a username gets entries (a user, not an agent). */
  readonly isUser: (username: string) => boolean;
  /** Most calls followed at once; the oldest is forgotten beyond it (default 10,000). */
  readonly maxLive?: number;
}

interface LiveCall {
  readonly offer: CallOffer;
  readonly startedAt: number;
  divertedTo: string | undefined;
  answer: (CallAnswer & { readonly at: number }) | undefined;
}

/** How a final status reads in the history (RFC 3261 §21; 487 is the answer to a CANCEL). */
export function outcomeOf(status: number, cancelled: boolean): CallOutcome {
  if (cancelled || status === 487) return 'cancelled';
  if (status === 486 || status === 600) return 'busy';
  if (status === 603) return 'declined';
  if (status === 408 || status === 480) return 'no-answer';
  return 'failed';
}

export class CallHistoryRecorder implements CallObserver {
  private readonly live = new Map<string, LiveCall>();
  private readonly maxLive: number;

  constructor(private readonly options: CallHistoryRecorderOptions) {
    this.maxLive = options.maxLive ?? 10_000;
  }

  /** Calls being followed (tests check none is left once calls are over). */
  get size(): number {
    return this.live.size;
  }

  offered(offer: CallOffer): void {
    // A spiral or a retransmitted report of the same call: the first offer stands.
    if (this.live.has(offer.callId)) return;
    if (this.live.size >= this.maxLive) {
      const oldest = this.live.keys().next().value;
      if (oldest !== undefined) this.live.delete(oldest);
    }
    this.live.set(offer.callId, {
      offer,
      startedAt: this.options.now(),
      divertedTo: offer.divertedTo,
      answer: undefined,
    });
  }

  diverted(callId: string, to: string): void {
    const call = this.live.get(callId);
    if (call && !call.answer) call.divertedTo = to;
  }

  answered(callId: string, answer: CallAnswer): void {
    const call = this.live.get(callId);
    // Only the first 2xx makes the call answered (other forks and re-INVITEs do not).
    if (!call || call.answer) return;
    call.answer = { ...answer, at: this.options.now() };
    this.options.sink.add(this.entries(call, undefined));
  }

  failed(callId: string, status: number, cancelled: boolean): void {
    const call = this.live.get(callId);
    if (!call || call.answer) return;
    this.live.delete(callId);
    this.options.sink.add(this.entries(call, { status, cancelled, at: this.options.now() }));
  }

  ended(callId: string): void {
    const call = this.live.get(callId);
    if (!call?.answer) return;
    this.live.delete(callId);
    this.options.sink.end(callId, this.options.now());
  }

  flowClosed(flowId: string): void {
    for (const [callId, call] of [...this.live]) {
      if (call.answer && (call.answer.flowId === flowId || call.offer.callerFlowId === flowId)) {
        this.ended(callId);
      } else if (!call.answer && call.offer.callerFlowId === flowId) {
        // The caller went away before any answer: nobody will get a final response.
        this.failed(callId, 487, true);
      }
    }
  }

  private entries(
    call: LiveCall,
    failure: { status: number; cancelled: boolean; at: number } | undefined,
  ): RecordedCall[] {
    const { offer, answer } = call;
    const out: RecordedCall[] = [];
    const callee = offer.callee.username;
    const byCallee = answer !== undefined && answer.username === callee;
    const common = {
      callId: offer.callId,
      startedAt: call.startedAt,
      ...(answer ? { answeredAt: answer.at } : {}),
      ...(failure ? { endedAt: failure.at, status: failure.status } : {}),
    };
    const unanswered: CallOutcome = failure
      ? outcomeOf(failure.status, failure.cancelled)
      : call.divertedTo !== undefined
        ? 'voicemail'
        : 'answered';
    const caller = offer.caller.username;
    if (caller && this.options.isUser(caller)) {
      out.push({
        ...common,
        username: caller,
        direction: 'outgoing',
        outcome: answer ? (byCallee || !call.divertedTo ? 'answered' : 'voicemail') : unanswered,
        peer: offer.callee,
        ...(offer.callerDevice ? { device: offer.callerDevice } : {}),
        ...(answer ? { answeredBy: answer.username } : {}),
        ...(answer?.device ? { answeredOn: answer.device } : {}),
      });
    }
    if (callee && this.options.isUser(callee)) {
      // Answered elsewhere (voicemail): missed for the callee, over when the other party took it.
      const { answeredAt: _answeredAt, ...unansweredCommon } = common;
      out.push({
        ...(byCallee ? common : unansweredCommon),
        ...(answer && !byCallee ? { endedAt: answer.at } : {}),
        username: callee,
        direction: byCallee ? 'incoming' : 'missed',
        outcome: byCallee ? 'answered' : unanswered === 'answered' ? 'voicemail' : unanswered,
        peer: offer.caller,
        ...(byCallee && answer.device ? { device: answer.device } : {}),
        ...(answer ? { answeredBy: answer.username } : {}),
      });
    }
    return out;
  }
}
