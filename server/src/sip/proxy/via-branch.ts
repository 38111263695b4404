/**
 * Via branches of the proxy (RFC 3261 §16.6 step 8) and loop detection (§16.3 step 4).
 *
 * A branch is `z9hG4bK` + a hash of the loop-relevant fields of the received request + `.` + a
 * unique part. If a request comes back carrying one of our Vias whose hash part equals the hash
 * computed now, it is a loop (482); a different hash means a spiral (allowed). The hash covers the
 * Request-URI, From tag, To tag, Call-ID, CSeq number, Proxy-Require and Proxy-Authorization, not the
 * topmost Via (which changes on every pass; RFC 5393 §4.2 discusses why).
 */
import { createHash } from 'node:crypto';
import { randomHex } from '../message/random-token.js';
import type { ParsedRequest } from '../message/parse-message.js';

export const MAGIC_COOKIE = 'z9hG4bK';

export function loopHash(request: ParsedRequest): string {
  const m = request.message;
  const data = [
    request.message.startLine.kind === 'request' ? request.message.startLine.uri : '',
    request.fromTag ?? '',
    request.toTag ?? '',
    request.callId,
    String(request.cseq),
    m.getAll('Proxy-Require').join(','),
    m.getAll('Proxy-Authorization').join(','),
  ].join('\n');
  return createHash('sha256').update(data).digest('base64url').replace(/[-_]/g, '').slice(0, 12);
}

export function newBranch(hash: string): string {
  return `${MAGIC_COOKIE}${hash}.${randomHex(6)}`;
}

/** §16.3 step 4: one of our Vias (sent-by = ours) carries the same loop hash. */
export function isLoop(request: ParsedRequest, ourHost: string | ((host: string) => boolean)): boolean {
  const prefix = MAGIC_COOKIE + loopHash(request) + '.';
  const ours =
    typeof ourHost === 'string' ? (h: string) => h.toLowerCase() === ourHost.toLowerCase() : ourHost;
  return request.vias.some((v) => ours(v.host) && v.branch?.startsWith(prefix));
}
