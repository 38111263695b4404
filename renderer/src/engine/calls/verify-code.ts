/**
 * "Verify call": a short code both people read aloud to prove no one sits in the middle of the
 * media. DTLS-SRTP keys are bound to the certificates whose fingerprints each side put in its SDP
 * (RFC 5763 §5, RFC 8122); a man in the middle must present its own certificate to each side, so
 * the two sides would hold different fingerprint pairs and see different codes.
 *
 * The code is derived from both fingerprint sets, sorted so that caller and callee compute the
 * same input: SHA-256 over the sorted set, first 32 bits → six decimal digits, shown as "123 456".
 */

import { fingerprints } from './sdp-facts.js';

export async function verifyCodeFor(localSdp: string, remoteSdp: string): Promise<string | undefined> {
  const local = fingerprints(localSdp);
  const remote = fingerprints(remoteSdp);
  if (local.length === 0 || remote.length === 0) return undefined;
  const input = [local.join(','), remote.join(',')].sort().join('|');
  const digest = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`parley-verify-1|${input}`)),
  );
  const value = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
  const digits = String(value % 1_000_000).padStart(6, '0');
  return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}
