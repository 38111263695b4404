/** Shared pieces of the transaction machine tests: a recording channel and parsed messages. */
import {
  parseMessage,
  type ParsedRequest,
  type ParsedResponse,
} from '../../../../../server/src/sip/message/parse-message.js';
import { SipMessage } from '../../../../../server/src/sip/message/sip-message.js';
import type { TransactionChannel } from '../../../../../server/src/sip/transaction/transaction.js';
import { transactionTimers } from '../../../../../server/src/sip/transaction/timers.js';

export const T1 = 500;
export const T2 = 4000;
export const T4 = 5000;
export const timers = (reliable: boolean) => transactionTimers({ t1: T1, t2: T2, t4: T4 }, reliable);

export interface RecordingChannel extends TransactionChannel {
  readonly sent: string[];
  /** First lines of what was sent, e.g. `INVITE sip:b@x SIP/2.0`, `SIP/2.0 486 Busy Here`. */
  lines(): string[];
}

export function channel(reliable: boolean): RecordingChannel {
  const sent: string[] = [];
  return {
    reliable,
    sent,
    send: (text) => {
      sent.push(text);
      return true;
    },
    lines: () => sent.map((t) => t.split('\r\n')[0]!),
  };
}

export const BRANCH = 'z9hG4bKtest1';

export function request(method: string): SipMessage {
  return new SipMessage(
    { kind: 'request', method, uri: 'sip:bob@b.example' },
    [
      { name: 'Via', value: `SIP/2.0/UDP proxy.example:5060;branch=${BRANCH}` },
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: '<sip:alice@a.example>;tag=f1' },
      { name: 'To', value: '<sip:bob@b.example>' },
      { name: 'Call-ID', value: 'call-1' },
      { name: 'CSeq', value: `1 ${method}` },
    ],
    '',
  );
}

export function parsedRequest(method: string): ParsedRequest {
  const p = parseMessage(request(method).toString(), { maxBytes: 65_536 });
  if (!p.ok || p.value.kind !== 'request') throw new Error('bad fixture');
  return p.value;
}

export function response(method: string, status: number, reason = 'X'): ParsedResponse {
  const text = [
    `SIP/2.0 ${status} ${reason}`,
    `Via: SIP/2.0/UDP proxy.example:5060;branch=${BRANCH}`,
    'From: <sip:alice@a.example>;tag=f1',
    `To: <sip:bob@b.example>${status > 100 ? ';tag=t1' : ''}`,
    'Call-ID: call-1',
    `CSeq: 1 ${method}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const p = parseMessage(text, { maxBytes: 65_536 });
  if (!p.ok || p.value.kind !== 'response') throw new Error('bad fixture');
  return p.value;
}

export function user() {
  const responses: number[] = [];
  let timeouts = 0;
  let transportErrors = 0;
  return {
    responses,
    get timeouts() {
      return timeouts;
    },
    get transportErrors() {
      return transportErrors;
    },
    onResponse: (r: ParsedResponse) => responses.push(r.status),
    onTimeout: () => void timeouts++,
    onTransportError: () => void transportErrors++,
  };
}
