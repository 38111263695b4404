/**
 * Non-INVITE server transaction, RFC 3261 §17.2.2 (https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2):
 *
 *                      |Request received
 *                      V
 *                +-----------+ request: absorbed
 *                |  Trying   |-------------+
 *                +-----------+ 1xx from TU |  200-699 from TU, sent
 *                      V                   |
 *  request: resend +-----------+ 200-699   |
 *  1xx   +---------|Proceeding |--------+  |
 *        +-------->+-----------+        V  V
 *                       request: +-----------+ Timer J (64·T1 unreliable, 0 reliable)
 *                   resend final |Completed  |--------------------------------> Terminated
 *                                +-----------+
 */
import type { ResponseOptions } from '../message/build-response.js';
import type { ParsedRequest } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import { generatedResponse, newToTag, type ServerTransaction } from './server-transaction.js';
import type { TransactionTimers } from './timers.js';
import { Transaction, type TransactionChannel, type TransitionTable } from './transaction.js';

const MOVES: TransitionTable = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
};

export class NonInviteServerTransaction extends Transaction implements ServerTransaction {
  readonly toTag = newToTag();
  finalStatus: number | undefined;
  private last: string | undefined;

  constructor(
    key: string,
    readonly flowId: string,
    readonly request: ParsedRequest,
    channel: TransactionChannel,
    timers: TransactionTimers,
    onTerminated: (t: Transaction) => void,
  ) {
    super(key, channel, timers, 'trying', MOVES, onTerminated);
  }

  get isFinal(): boolean {
    return this.finalStatus !== undefined;
  }

  respond(status: number, options: ResponseOptions = {}): void {
    this.send(generatedResponse(this.request, this.toTag, status, options));
  }

  send(response: SipMessage): void {
    if (response.startLine.kind !== 'response') return;
    if (this.state !== 'trying' && this.state !== 'proceeding') return; // one final response only
    const status = response.startLine.status;
    const text = response.toString();
    this.last = text;
    if (status < 200) {
      if (this.state === 'trying') this.stateTransition('proceeding');
      this.channel.send(text);
      return;
    }
    // "the server transaction MUST enter the Completed state ... When the server transaction enters the
    // Completed state, it MUST set Timer J to fire in 64*T1 seconds for unreliable transports, and zero
    // seconds for reliable transports."
    this.finalStatus = status;
    this.stateTransition('completed');
    this.channel.send(text);
    this.startTimer('J', this.timers.J, () => this.stateTransition('terminated'));
  }

  /** A retransmission of the request: absorbed in Trying, answered with the last response after. */
  receiveRequest(): void {
    if ((this.state === 'proceeding' || this.state === 'completed') && this.last)
      this.channel.send(this.last);
  }

  abandon(): void {
    this.finalStatus ??= 487;
    this.terminate();
  }
}
