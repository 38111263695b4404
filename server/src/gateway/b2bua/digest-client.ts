/**
 * The gateway as a digest client toward a carrier (RFC 3261 §22.2, §22.3; RFC 2617 §3.2.2): the answer
 * to a 401 WWW-Authenticate or 407 Proxy-Authenticate challenge, MD5 or SHA-256 (RFC 8760), qop=auth
 * when offered.
 */
import { randomBytes } from 'node:crypto';
import { computeDigestResponse, computeHa1, type DigestAlgorithm } from '../../sip/core/auth/digest.js';

/** The parameters of one `Digest ...` challenge. */
export function parseChallenge(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value
    .replace(/^\s*Digest\s+/i, '')
    .matchAll(/([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|([^,\s]+))/g)) {
    out[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? '';
  }
  return out;
}

export interface DigestCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The header (name and value) answering the first challenge we can answer in a 401/407, or undefined
 * (no challenge, or only algorithms we do not know).
 */
export function answerChallenge(
  status: number,
  challenges: readonly string[],
  credentials: DigestCredentials,
  method: string,
  uri: string,
): { name: string; value: string } | undefined {
  for (const challenge of challenges) {
    if (!/^\s*Digest\s/i.test(challenge)) continue;
    const c = parseChallenge(challenge);
    const algorithm = (c['algorithm'] ?? 'MD5').toUpperCase();
    if (algorithm !== 'MD5' && algorithm !== 'SHA-256') continue;
    const realm = c['realm'] ?? '';
    const nonce = c['nonce'] ?? '';
    const qop = (c['qop'] ?? '')
      .split(',')
      .map((q) => q.trim())
      .includes('auth')
      ? 'auth'
      : undefined;
    const cnonce = randomBytes(8).toString('hex');
    const nc = '00000001';
    const response = computeDigestResponse({
      algorithm: algorithm as DigestAlgorithm,
      ha1: computeHa1(algorithm as DigestAlgorithm, credentials.username, realm, credentials.password),
      nonce,
      method,
      uri,
      ...(qop ? { qop, nc, cnonce } : {}),
    });
    const parts = [
      `username="${credentials.username}"`,
      `realm="${realm}"`,
      `nonce="${nonce}"`,
      `uri="${uri}"`,
      `response="${response}"`,
      `algorithm=${algorithm}`,
      ...(c['opaque'] !== undefined ? [`opaque="${c['opaque']}"`] : []),
      ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
    ];
    return {
      name: status === 407 ? 'Proxy-Authorization' : 'Authorization',
      value: `Digest ${parts.join(', ')}`,
    };
  }
  return undefined;
}
