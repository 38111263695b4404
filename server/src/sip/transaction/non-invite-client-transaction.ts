/**
 * Non-INVITE client transaction, RFC 3261 §17.1.2 (https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2):
 *
 *                        |Request from TU, request sent
 *      Timer E fires     V                 Timer F fires → timeout to TU
 *      send request  +-----------+
 *         +----------|  Trying   |---------------+
 *         +--------->|           |  200-699 → TU |
 *                    +-----------+               |
 *                     |1xx → TU                  |
 *      Timer E fires  V                          |
 *      send request  +-----------+  200-699 → TU |
 *         +----------|Proceeding |-------------->|
 *         +--------->+-----------+               V
 *                                          +-----------+ Timer K fires
 *                                          | Completed |--------------> Terminated
 *                                          +-----------+
 *
 * Unlike SIP.js (which only ran over WebSocket), Timer E really retransmits on unreliable flows.
 */
import type { ParsedResponse } from '../message/parse-message.js';
import type { SipMessage } from '../message/sip-message.js';
import type { ClientTransaction, ClientTransactionUser } from './client-transaction.js';
import type { TransactionTimers } from './timers.js';
import { Transaction, type TransactionChannel, type TransitionTable } from './transaction.js';

const MOVES: TransitionTable = {
  trying: ['proceeding', 'completed', 'terminated'],
  proceeding: ['completed', 'terminated'],
  completed: ['terminated'],
};

export class NonInviteClientTransaction extends Transaction implements ClientTransaction {
  constructor(
    branch: string,
    readonly method: string,
    readonly request: SipMessage,
    channel: TransactionChannel,
    timers: TransactionTimers,
    private readonly user: ClientTransactionUser,
    onTerminated: (t: Transaction) => void,
  ) {
    super(branch, channel, timers, 'trying', MOVES, onTerminated);
  }

  start(): void {
    const text = this.request.toString();
    if (!this.channel.send(text)) {
      this.stateTransition('terminated');
      this.user.onTransportError();
      return;
    }
    // §17.1.2.2: "If an unreliable transport is in use, the client transaction MUST set timer E to
    // fire in T1 seconds" and then at MIN(2·interval, T2).
    if (!this.channel.reliable) this.retransmit('E', text, this.timers.E, this.timers.T2);
    // "... timer F to fire in 64*T1 seconds" on any transport.
    this.startTimer('F', this.timers.F, () => {
      this.stateTransition('terminated');
      this.user.onTimeout();
    });
  }

  receiveResponse(response: ParsedResponse): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return; // Completed absorbs retransmissions
    if (response.status < 200) {
      // "If a provisional response is received while in the Trying state, the response MUST be passed
      // to the TU, and then the client transaction SHOULD move to the Proceeding state."
      if (this.state === 'trying') this.stateTransition('proceeding');
      this.user.onResponse(response);
      return;
    }
    // "If a final response (status codes 200-699) is received while in the Trying state, the response
    // MUST be passed to the TU, and the client transaction MUST transition to the Completed state."
    this.stopTimer('E');
    this.stopTimer('F');
    this.stateTransition('completed');
    this.user.onResponse(response);
    // "Once the client transaction enters the Completed state, it MUST set Timer K to fire in T4
    // seconds for unreliable transports, and zero seconds for reliable transports."
    this.startTimer('K', this.timers.K, () => this.stateTransition('terminated'));
  }
}
