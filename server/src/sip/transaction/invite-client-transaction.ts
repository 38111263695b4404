/**
 * INVITE client transaction, RFC 3261 §17.1.1 with the Accepted state of RFC 6026 §7.2
 * (https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2, https://www.rfc-editor.org/rfc/rfc6026#section-7.2):
 *
 *                     |INVITE from TU
 *      Timer A fires  |INVITE sent            Timer B fires → timeout to TU
 *      Reset A,       V
 *      INVITE sent +-----------+
 *        +---------|  Calling  |----2xx → TU ----------------+
 *        +-------->|           |                             |
 *                  +-----------+ 300-699 → ACK sent, TU      |
 *                     |1xx → TU                    |         |
 *                     V                            |         V
 *                  +-----------+ 300-699 ---------+|   +-----------+ 2xx → TU
 *                  |Proceeding |----2xx → TU ------+-->| Accepted  |<-+
 *                  +-----------+                   |   +-----------+
 *                                                  V         | Timer M
 *                  +-----------+ 300-699: ACK sent           |
 *                  | Completed |<-+ Timer D fires            |
 *                  +-----------+ ------------> Terminated <--+
 */
import type { ParsedResponse } from '../message/parse-message.js';
import { SipMessage, type HeaderField } from '../message/sip-message.js';
import type { ClientTransaction, ClientTransactionUser } from './client-transaction.js';
import type { TransactionTimers } from './timers.js';
import { Transaction, type TransactionChannel, type TransitionTable } from './transaction.js';

const MOVES: TransitionTable = {
  calling: ['proceeding', 'accepted', 'completed', 'terminated'],
  proceeding: ['accepted', 'completed', 'terminated'],
  accepted: ['terminated'],
  completed: ['terminated'],
};

export class InviteClientTransaction extends Transaction implements ClientTransaction {
  readonly method = 'INVITE';
  private ack: string | undefined;

  constructor(
    branch: string,
    /** The INVITE as sent (our Via on top, with `branch`). */
    readonly request: SipMessage,
    channel: TransactionChannel,
    timers: TransactionTimers,
    private readonly user: ClientTransactionUser,
    onTerminated: (t: Transaction) => void,
  ) {
    super(branch, channel, timers, 'calling', MOVES, onTerminated);
  }

  /** Sends the INVITE; call once, right after construction. */
  start(): void {
    const text = this.request.toString();
    if (!this.channel.send(text)) {
      // §17.1.4: a transport failure is reported to the TU and the transaction ends.
      this.stateTransition('terminated');
      this.user.onTransportError();
      return;
    }
    // §17.1.1.2: "If an unreliable transport is being used, the client transaction MUST start timer A
    // with a value of T1" and retransmit at 2·T1, 4·T1 ... while Calling.
    if (!this.channel.reliable) this.retransmit('A', text, this.timers.A, Number.MAX_SAFE_INTEGER);
    // "For any transport, the client transaction MUST start timer B with a value of 64*T1."
    this.startTimer('B', this.timers.B, () => {
      this.stateTransition('terminated');
      this.user.onTimeout();
    });
  }

  receiveResponse(response: ParsedResponse): void {
    const status = response.status;
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        if (status < 200) {
          // "If the client transaction receives a provisional response while in the Calling state, it
          // transitions to the Proceeding state ... it SHOULD NOT retransmit the request any longer."
          if (this.state === 'calling') {
            this.stopTimer('A');
            this.stopTimer('B');
            this.stateTransition('proceeding');
          }
          this.user.onResponse(response);
        } else if (status < 300) {
          // RFC 6026 §7.2: a 2xx moves to Accepted; the TU (not us) acknowledges it end to end.
          this.stopTimer('A');
          this.stopTimer('B');
          this.stateTransition('accepted');
          this.startTimer('M', this.timers.M, () => this.stateTransition('terminated'));
          this.user.onResponse(response);
        } else {
          // "... the client transaction MUST pass the response up to the TU, generate an ACK request
          // ... and pass it to the transport layer", then start Timer D.
          this.stopTimer('A');
          this.stopTimer('B');
          this.stateTransition('completed');
          this.ack = buildAck(this.request, response).toString();
          this.channel.send(this.ack);
          this.startTimer('D', this.timers.D, () => this.stateTransition('terminated'));
          this.user.onResponse(response);
        }
        return;
      case 'accepted':
        // RFC 6026 §7.2: retransmitted 2xx (and 2xx from other forks) are passed up.
        if (status >= 200 && status < 300) this.user.onResponse(response);
        return;
      case 'completed':
        // "Any retransmissions of the final response that are received while in the Completed state
        // MUST cause the ACK to be re-passed to the transport layer" — not passed up.
        if (status >= 300 && this.ack) this.channel.send(this.ack);
        return;
      default:
        return;
    }
  }
}

/**
 * The ACK for a non-2xx final response (§17.1.1.3): Request-URI, Call-ID, From, CSeq number and the top
 * Via of the INVITE, To of the response (its tag), the INVITE's Route set.
 */
export function buildAck(invite: SipMessage, response: ParsedResponse): SipMessage {
  if (invite.startLine.kind !== 'request') throw new Error('not a request');
  const headers: HeaderField[] = [];
  const via = invite.get('Via');
  if (via !== undefined) headers.push({ name: 'Via', value: via });
  for (const route of invite.getAll('Route')) headers.push({ name: 'Route', value: route });
  headers.push({ name: 'Max-Forwards', value: '70' });
  headers.push({ name: 'From', value: invite.get('From') ?? '' });
  headers.push({ name: 'To', value: response.message.get('To') ?? '' });
  headers.push({ name: 'Call-ID', value: invite.get('Call-ID') ?? '' });
  const cseq = (invite.get('CSeq') ?? '').trim().split(/\s+/)[0] ?? '0';
  headers.push({ name: 'CSeq', value: `${cseq} ACK` });
  return new SipMessage({ kind: 'request', method: 'ACK', uri: invite.startLine.uri }, headers, '');
}
