/**
 * Requests the proxy generates itself for its client transactions: CANCEL (RFC 3261 §9.1; the ACK for
 * a non-2xx final is the transaction's, §17.1.1.3), plus the retargeting fields of the divert hook.
 */
import type { ParsedRequest } from '../message/parse-message.js';
import { SipMessage, type HeaderField } from '../message/sip-message.js';
import type { DivertReason } from './routing.js';

/** The forwarded request's top Via (same branch), Route set, Call-ID, From and CSeq number (§9.1). */
function hopByHop(forwarded: SipMessage, method: 'CANCEL', to: string): SipMessage {
  if (forwarded.startLine.kind !== 'request') throw new Error('not a request');
  const headers: HeaderField[] = [];
  const via = forwarded.get('Via');
  if (via !== undefined) headers.push({ name: 'Via', value: via });
  for (const route of forwarded.getAll('Route')) headers.push({ name: 'Route', value: route });
  headers.push({ name: 'Max-Forwards', value: '70' });
  headers.push({ name: 'From', value: forwarded.get('From') ?? '' });
  headers.push({ name: 'To', value: to });
  headers.push({ name: 'Call-ID', value: forwarded.get('Call-ID') ?? '' });
  const cseq = (forwarded.get('CSeq') ?? '').trim().split(/\s+/)[0] ?? '0';
  headers.push({ name: 'CSeq', value: `${cseq} ${method}` });
  return new SipMessage({ kind: 'request', method, uri: forwarded.startLine.uri }, headers, '');
}

/** CANCEL for a forwarded INVITE; `reason` is a Reason field value (RFC 3326). */
export function buildCancel(forwarded: SipMessage, reason?: string): SipMessage {
  const cancel = hopByHop(forwarded, 'CANCEL', forwarded.get('To') ?? '');
  if (reason) cancel.append('Reason', reason);
  return cancel;
}

/**
 * §16.6 steps 1–4 for one target: a copy of the request with the new Request-URI (step 2), Max-Forwards
 * decremented (step 3), our Record-Route values on top (step 4), credentials for our realm consumed
 * (§22.3: never passed on) and the extra fields (divert) appended. The Via (step 8) is added by the caller.
 */
export function forwardedCopy(
  req: ParsedRequest,
  ruri: string | undefined,
  recordRoute: readonly string[],
  realm: string,
  extra: readonly HeaderField[],
): SipMessage {
  const copy = req.message.clone();
  if (ruri) copy.startLine = { kind: 'request', method: req.method, uri: ruri };
  copy.set('Max-Forwards', String((req.maxForwards ?? 71) - 1));
  for (const value of [...recordRoute].reverse()) copy.prepend('Record-Route', value);
  const ours = `realm="${realm}"`;
  const others = copy.getAll('Proxy-Authorization').filter((v) => !v.includes(ours));
  copy.remove('Proxy-Authorization');
  for (const v of others) copy.append('Proxy-Authorization', v);
  for (const h of extra) copy.append(h.name, h.value);
  return copy;
}

/** RFC 3326 Reason for the branches cancelled because another one answered. */
export const COMPLETED_ELSEWHERE = 'SIP;cause=200;text="Call completed elsewhere"';

const DIVERSION_REASON: Readonly<Record<DivertReason, string>> = {
  'no-answer': 'no-answer',
  busy: 'user-busy',
  declined: 'deflection',
  offline: 'unavailable',
  dnd: 'do-not-disturb',
};

/** RFC 4458 `cause` values carried in the retargeted History-Info entry. */
const CAUSE: Readonly<Record<DivertReason, number>> = {
  'no-answer': 408,
  busy: 486,
  declined: 480,
  offline: 404,
  dnd: 480,
};

/**
 * Fields telling the new target who was called originally: History-Info (RFC 7044, entry 1 the
 * original AOR, entry 1.1 the new target with its RFC 4458 cause) and Diversion (RFC 5806, widely
 * understood by voicemail systems). The To field is unchanged too (proxies never change it).
 */
export function divertHeaders(originalAor: string, target: string, why: DivertReason): HeaderField[] {
  return [
    { name: 'History-Info', value: `<${originalAor}>;index=1` },
    { name: 'History-Info', value: `<${target};cause=${CAUSE[why]}>;index=1.1;mp=1` },
    { name: 'Diversion', value: `<${originalAor}>;reason=${DIVERSION_REASON[why]};counter=1` },
  ];
}
