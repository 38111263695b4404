/**
 * SIP URI equality, RFC 3261 §19.1.4 (https://www.rfc-editor.org/rfc/rfc3261#section-19.1.4):
 * - `sip` and `sips` URIs are never equal; the user part is compared case-sensitively after
 *   unescaping (our parser already unescapes it), everything else case-insensitively;
 * - an omitted port does not equal an explicit one, even the default;
 * - `user`, `ttl`, `method`, `maddr` and `transport` parameters must match when either URI has them;
 *   any other parameter is compared only when both have it (one-sided ones are ignored);
 * - URI headers are never ignored: both URIs must have the same ones with the same values.
 * IPv6 references are compared as written (lowercased), not in canonical form.
 */
import type { URI } from 'sip.js';

const MUST_MATCH_PARAMS = ['user', 'ttl', 'method', 'maddr', 'transport'] as const;

type Params = Readonly<Record<string, string | null | undefined>>;

function lowerKeys(params: Params): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(params)) out.set(k.toLowerCase(), (v ?? '').toLowerCase());
  return out;
}

function headerSet(uri: URI): string[] {
  const out: string[] = [];
  for (const [name, values] of Object.entries(uri.headers)) {
    for (const v of values) out.push(`${name.toLowerCase()}=${v}`);
  }
  return out.sort();
}

/**
 * What two equal URIs always share (scheme, user, host, port), as a string: URIs with different classes
 * are never equal, so an index by class narrows an equality search to a few candidates.
 */
export function sipUriEqualityClass(uri: URI): string {
  return `${uri.scheme.toLowerCase()}:${uri.user === undefined ? '' : `u=${uri.user}`}@${uri.host.toLowerCase()}:${uri.port ?? ''}`;
}

/** Whether `a` and `b` name the same resource per RFC 3261 §19.1.4. */
export function sipUriEquals(a: URI, b: URI): boolean {
  if (a.scheme.toLowerCase() !== b.scheme.toLowerCase()) return false;
  if ((a.user ?? '') !== (b.user ?? '') || (a.user === undefined) !== (b.user === undefined)) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  if (a.port !== b.port) return false;
  const pa = lowerKeys(a.parameters as Params);
  const pb = lowerKeys(b.parameters as Params);
  for (const name of MUST_MATCH_PARAMS) {
    if (pa.get(name) !== pb.get(name)) return false;
  }
  for (const [name, value] of pa) {
    const other = pb.get(name);
    if (other !== undefined && other !== value) return false;
  }
  const ha = headerSet(a);
  const hb = headerSet(b);
  return ha.length === hb.length && ha.every((h, i) => h === hb[i]);
}
