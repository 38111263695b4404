/**
 * INVITE server transaction, RFC 3261 §17.2.1 with the Accepted state of RFC 6026 §7.1
 * (https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1, https://www.rfc-editor.org/rfc/rfc6026#section-7.1):
 *
 *                         |INVITE (the TU sends 100 Trying at once for a proxy, §16.2)
 *       INVITE           V
 *       resend 1xx  +-----------+ 2xx from TU, sent    +-----------+ 2xx from TU: sent
 *         +---------| Proceeding|--------------------->| Accepted  |<-+  INVITE: absorbed
 *         +-------->|           |                      +-----------+--+
 *                   +-----------+                            | Timer L
 *                     |300-699 from TU, sent                 V
 *      INVITE         V                                  Terminated
 *      resend final +-----------+ Timer G: resend final      ^
 *         +---------| Completed |<-+                         |
 *         +-------->|           |--+ Timer H: timeout ------>|
 *                   +-----------+                            |
 *                     |ACK                                   |
 *                     V                                      |
 *                   +-----------+ Timer I ------------------>+
 *                   | Confirmed |
 *                   +-----------+
 */
import type { ResponseOptions } from '../message/build-response.js';
import type { ParsedRequest } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import { generatedResponse, newToTag, type ServerTransaction } from './server-transaction.js';
import type { TransactionTimers } from './timers.js';
import { Transaction, type TransactionChannel, type TransitionTable } from './transaction.js';

const MOVES: TransitionTable = {
  proceeding: ['accepted', 'completed', 'terminated'],
  accepted: ['terminated'],
  completed: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
};

export class InviteServerTransaction extends Transaction implements ServerTransaction {
  readonly toTag = newToTag();
  finalStatus: number | undefined;
  private lastProvisional: string | undefined;
  private lastFinal: string | undefined;

  constructor(
    key: string,
    readonly flowId: string,
    readonly request: ParsedRequest,
    channel: TransactionChannel,
    timers: TransactionTimers,
    onTerminated: (t: Transaction) => void,
  ) {
    super(key, channel, timers, 'proceeding', MOVES, onTerminated);
  }

  get isFinal(): boolean {
    return this.finalStatus !== undefined;
  }

  respond(status: number, options: ResponseOptions = {}): void {
    this.send(generatedResponse(this.request, this.toTag, status, options));
  }

  send(response: SipMessage): void {
    if (response.startLine.kind !== 'response') return;
    const status = response.startLine.status;
    const text = response.toString();
    if (this.state === 'proceeding') {
      if (status < 200) {
        this.lastProvisional = text;
        this.channel.send(text);
      } else if (status < 300) {
        // RFC 6026 §7.1: a 2xx moves to Accepted (Timer L) instead of ending the transaction, so
        // retransmissions of the INVITE are absorbed and further 2xx are still forwarded.
        this.finalStatus = status;
        // Only a final response is resent from here on: the last 1xx (~0.5 kB of text) is not kept
        // for the 64·T1 the transaction stays Accepted.
        this.lastProvisional = undefined;
        this.stateTransition('accepted');
        this.channel.send(text);
        this.startTimer('L', this.timers.L, () => this.stateTransition('terminated'));
      } else {
        // §17.2.1: "the response MUST be passed to the transport layer for transmission, and the state
        // machine MUST enter the Completed state. For unreliable transports, timer G is set to fire in
        // T1 seconds ... For any transport, timer H MUST be set to fire in 64*T1 seconds."
        this.finalStatus = status;
        this.lastFinal = text;
        this.lastProvisional = undefined;
        this.stateTransition('completed');
        this.channel.send(text);
        if (!this.channel.reliable) this.retransmit('G', text, this.timers.G, this.timers.T2);
        this.startTimer('H', this.timers.H, () => this.stateTransition('terminated'));
      }
    } else if (this.state === 'accepted' && status >= 200 && status < 300) {
      // RFC 6026 §7.1: "any 2xx response passed from the TU MUST be passed to the transport layer".
      this.channel.send(text);
    }
  }

  /** A retransmission of the INVITE (§17.2.1): resend the last provisional or the final response. */
  receiveRequest(): void {
    if (this.state === 'proceeding' && this.lastProvisional) this.channel.send(this.lastProvisional);
    else if (this.state === 'completed' && this.lastFinal) this.channel.send(this.lastFinal);
  }

  /** An ACK matching this transaction: only meaningful for a non-2xx final (§17.2.1). */
  receiveAck(): void {
    if (this.state !== 'completed') return;
    // "If an ACK is received while the server transaction is in the Completed state, the server
    // transaction MUST transition to the Confirmed state." Timer I: T4 unreliable, 0 reliable.
    this.stopTimer('G');
    this.stopTimer('H');
    this.lastFinal = undefined; // Confirmed absorbs retransmitted ACKs; nothing is resent any more
    this.stateTransition('confirmed');
    this.startTimer('I', this.timers.I, () => this.stateTransition('terminated'));
  }

  abandon(): void {
    this.finalStatus ??= 487;
    this.terminate();
  }
}
