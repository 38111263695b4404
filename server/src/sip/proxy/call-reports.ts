/**
 * Turns what the proxy sees into `CallObserver` reports (core/call-observer.ts), so the proxy files
 * only say when. Only out-of-dialog INVITEs (dialog-creating, RFC 3261 §13) are calls.
 */
import type { NameAddrHeader } from 'sip.js';
import type { CallObserver, CallParty } from '../core/call-observer.js';
import { ownCopy } from '../message/own-copy.js';
import type { ParsedRequest, ParsedResponse } from '../message/parse-message.js';
import type { ClientBranch } from './client-branch.js';
import type { ProxyContext } from './proxy-context.js';

/** The party a From/To field names; `username` only for a URI of this domain. */
export function partyOf(field: NameAddrHeader, domain: string): CallParty {
  const uri = field.uri;
  const user = uri.user;
  const ours = uri.host.toLowerCase() === domain.toLowerCase();
  const name = field.displayName;
  // Kept by the observer while the call lasts: flat copies, not views into the INVITE (own-copy.ts).
  return {
    uri: ownCopy(`${uri.scheme}:${user ? `${user}@` : ''}${uri.host}`),
    ...(ours && user ? { username: ownCopy(user.toLowerCase()) } : {}),
    ...(name ? { displayName: ownCopy(name) } : {}),
  };
}

/** A call starts: the INVITE is forwarded to `callee`'s devices (or straight to voicemail). */
export function reportOffered(
  calls: CallObserver | undefined,
  req: ParsedRequest,
  domain: string,
  callee: string,
  callerFlowId: string,
  divertedTo: string | undefined,
): void {
  if (!calls) return;
  const device = req.message.get('User-Agent');
  calls.offered({
    callId: ownCopy(req.callId),
    caller: partyOf(req.from, domain),
    callee: { ...partyOf(req.to, domain), uri: `sip:${callee}@${domain}`, username: callee },
    callerFlowId,
    ...(device ? { callerDevice: ownCopy(device) } : {}),
    ...(divertedTo ? { divertedTo } : {}),
  });
}

/**
 * A call to a phone number, forwarded to the PSTN gateway (issue 11): the caller gets an outgoing entry; the
 * number, not a user of ours, gets none. Its cost is the gateway's to tell (`CallCostLookup`).
 */
export function reportOfferedToNumber(
  calls: CallObserver | undefined,
  req: ParsedRequest,
  domain: string,
  callerFlowId: string,
): void {
  if (!calls) return;
  const device = req.message.get('User-Agent');
  calls.offered({
    callId: ownCopy(req.callId),
    caller: partyOf(req.from, domain),
    callee: { uri: `sip:${req.ruri.user ?? ''}@${domain}` },
    callerFlowId,
    ...(device ? { callerDevice: ownCopy(device) } : {}),
  });
}

/** A 2xx to a dialog-creating INVITE came from `branch`. */
export function reportAnswered(
  calls: CallObserver | undefined,
  context: ProxyContext,
  branch: ClientBranch,
  response: ParsedResponse,
): void {
  if (!calls || !context.isCall) return;
  const device = response.message.get('User-Agent') ?? response.message.get('Server');
  calls.answered(context.server.request.callId, {
    username: ownCopy((branch.target.username ?? response.to.uri.user ?? '').toLowerCase()),
    flowId: branch.target.flowId,
    ...(device ? { device: ownCopy(device) } : {}),
  });
}

/** The caller got a final response ≥ 300 to a dialog-creating INVITE. */
export function reportFinal(calls: CallObserver | undefined, context: ProxyContext, status: number): void {
  if (!calls || !context.isCall || status < 300) return;
  calls.failed(context.server.request.callId, status, context.cancelled);
}

/** A call to a local user that never rang anywhere (no device, no divert): offered and failed at once. */
export function reportUnreachable(
  calls: CallObserver | undefined,
  req: ParsedRequest,
  domain: string,
  callee: string,
  callerFlowId: string,
  status: number,
): void {
  if (!calls) return;
  reportOffered(calls, req, domain, callee, callerFlowId, undefined);
  calls.failed(req.callId, status, false);
}
