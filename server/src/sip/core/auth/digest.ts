/**
 * HTTP Digest as SIP uses it (RFC 3261 §22.4): RFC 2617 with qop=auth, MD5, and SHA-256 from
 * RFC 7616 / RFC 8760. Pure functions, no state.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

export function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text, 'utf8')
    .digest('hex');
}

/** HA1 = H(username:realm:password) (RFC 2617 §3.2.2.2). */
export function computeHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  readonly ha1: string;
  readonly nonce: string;
  readonly method: string;
  readonly uri: string;
  /** `auth` (RFC 2617) or absent (RFC 2069 compatibility). */
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
}

/** request-digest (RFC 2617 §3.2.2.1), for qop=auth or no qop. */
export function computeDigestResponse(input: DigestResponseInput): string {
  const ha2 = digestHash(input.algorithm, `${input.method}:${input.uri}`);
  const data = input.qop
    ? `${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${ha2}`
    : `${input.nonce}:${ha2}`;
  return digestHash(input.algorithm, `${input.ha1}:${data}`);
}

/** Constant-time comparison of two hex strings. */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The parameters of a `Digest` credentials value (RFC 2617 §3.2.2). */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly algorithm: string;
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
  readonly opaque?: string;
}

/**
 * Parses `Digest k=v, k="v", ...`. Returns `undefined` when the scheme is not Digest, a
 * mandatory parameter is missing, or the syntax is wrong.
 */
export function parseDigestCredentials(value: string): DigestCredentials | undefined {
  const m = /^\s*Digest\s+/i.exec(value);
  if (!m) return undefined;
  const params = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))\s*(,|$)/y;
  re.lastIndex = m[0].length;
  while (re.lastIndex < value.length) {
    const p = re.exec(value);
    if (!p) return undefined;
    const key = (p[1] ?? '').toLowerCase();
    if (params.has(key)) return undefined;
    params.set(key, p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? ''));
    if (p[4] === '') break;
  }
  const username = params.get('username');
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const uri = params.get('uri');
  const response = params.get('response');
  if (username === undefined || realm === undefined || !nonce || !uri || !response) return undefined;
  const opt = (k: string): { [key: string]: string } => {
    const v = params.get(k);
    return v === undefined ? {} : { [k]: v };
  };
  return {
    username,
    realm,
    nonce,
    uri,
    response,
    algorithm: params.get('algorithm') ?? 'MD5',
    ...opt('qop'),
    ...opt('nc'),
    ...opt('cnonce'),
    ...opt('opaque'),
  };
}
