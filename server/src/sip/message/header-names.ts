/**
 * Header field names: compact forms (RFC 3261 §7.3.3 and later RFCs) and the fields whose values
 * are comma-separated lists we split into one field per value (RFC 3261 §7.3.1 allows both forms).
 */

const COMPACT: Readonly<Record<string, string>> = {
  v: 'Via',
  f: 'From',
  t: 'To',
  i: 'Call-ID',
  m: 'Contact',
  l: 'Content-Length',
  c: 'Content-Type',
  e: 'Content-Encoding',
  k: 'Supported',
  s: 'Subject',
  r: 'Refer-To',
  o: 'Event',
  u: 'Allow-Events',
  b: 'Referred-By',
  x: 'Session-Expires',
  a: 'Accept-Contact',
  j: 'Reject-Contact',
  d: 'Request-Disposition',
  y: 'Identity',
};

const CANONICAL: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'max-forwards': 'Max-Forwards',
};

/** Fields split at top-level commas: their order matters (Via, Route, Record-Route) or they are lists. */
const LIST_FIELDS = new Set(['via', 'route', 'record-route', 'contact']);

/**
 * Names seen before, as received → canonical. Every message repeats the same dozen names, and the
 * regular expression below cost ~4 % of the service's CPU per REGISTER (issue 15). Bounded: a peer
 * inventing names cannot grow it past `CACHE_MAX` (later names are computed each time).
 */
const cache = new Map<string, string>();
const CACHE_MAX = 1024;

/** Expands a compact form and gives the name a canonical spelling (`call-id` → `Call-ID`). */
export function canonicalHeaderName(raw: string): string {
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const canonical = computeCanonical(raw);
  if (cache.size < CACHE_MAX) cache.set(raw, canonical);
  return canonical;
}

function computeCanonical(raw: string): string {
  const name = raw.trim();
  const lower = name.toLowerCase();
  if (name.length === 1 && COMPACT[lower]) return COMPACT[lower];
  const known = CANONICAL[lower];
  if (known) return known;
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}

export function isListField(name: string): boolean {
  return LIST_FIELDS.has(name.toLowerCase());
}

/**
 * Splits a header value at commas that are outside quoted strings and angle brackets
 * (RFC 3261 §7.3.1). A `Contact: *` stays one value.
 */
export function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === '<') depth++;
    else if (ch === '>') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts.filter((p) => p !== '');
}
