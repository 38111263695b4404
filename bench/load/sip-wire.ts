/**
 * Raw SIP text for the load generator: just enough parsing to route what comes back to the operation
 * waiting for it, and template strings to build requests and responses (RFC 3261 §7, §8.1.1, §8.2.6).
 * Deliberately not a SIP library: no validation, no URI parsing, no transactions.
 */

/** One received SIP message, headers by lowercase full name (compact forms expanded, RFC 3261 §7.3.3). */
export interface WireMessage {
  /** Request method, or undefined for a response. */
  readonly method?: string;
  /** Request-URI of a request. */
  readonly uri?: string;
  /** Status code of a response (0 for requests). */
  readonly status: number;
  readonly headers: Map<string, string[]>;
}

const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  f: 'from',
  t: 'to',
  v: 'via',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
};

/** Splits a message's head into its start line and header fields (values of repeated fields in order). */
export function parseWire(text: string): WireMessage | undefined {
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const lines = head.split('\r\n');
  const start = lines[0] ?? '';
  const headers = new Map<string, string[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    let name = line.slice(0, colon).trim().toLowerCase();
    name = COMPACT[name] ?? name;
    const value = line.slice(colon + 1).trim();
    const list = headers.get(name);
    // Via and Record-Route may carry several values in one field: keep them as separate entries.
    const values = name === 'via' || name === 'record-route' ? splitComma(value) : [value];
    if (list) list.push(...values);
    else headers.set(name, values);
  }
  if (start.startsWith('SIP/2.0 ')) {
    return { status: Number(start.slice(8, 11)), headers };
  }
  const [method, uri] = start.split(' ');
  if (method === undefined || uri === undefined) return undefined;
  return { method, uri, status: 0, headers };
}

/** Splits `a, b` at commas outside quotes and angle brackets. */
function splitComma(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') depth++;
    else if (!quoted && c === '>') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      out.push(value.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(value.slice(from).trim());
  return out;
}

export const first = (m: WireMessage, name: string): string => m.headers.get(name)?.[0] ?? '';
export const all = (m: WireMessage, name: string): string[] => m.headers.get(name) ?? [];

/** The URI inside `<...>` of a name-addr, or the value up to its parameters. */
export function addrUri(value: string): string {
  const lt = value.indexOf('<');
  if (lt >= 0) return value.slice(lt + 1, value.indexOf('>', lt));
  const semi = value.indexOf(';');
  return semi < 0 ? value : value.slice(0, semi);
}

/** The method of a CSeq value (`12 INVITE` → `INVITE`). */
export const cseqMethod = (m: WireMessage): string => first(m, 'cseq').split(' ')[1] ?? '';

let counter = 0;
const prefix = `${process.pid.toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
/** A token unique in this run (branches, tags, Call-IDs). */
export const unique = (): string => `${prefix}${(counter++).toString(36)}`;

/** Stub SDP (RFC 4566): the proxy never looks into it when both ends speak the same media profile. */
export const STUB_SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n' +
  'm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

/** Builds a message from a start line, header lines and an optional body (adds Content-Length). */
export function build(startLine: string, headers: readonly string[], body = ''): string {
  return `${startLine}\r\n${headers.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/**
 * A response to `request` (RFC 3261 §8.2.6.2): Via, From, Call-ID, CSeq copied, To with our tag, and
 * Record-Route copied for dialog-creating responses (§12.1.1).
 */
export function respond(
  request: WireMessage,
  status: number,
  reason: string,
  toTag: string,
  extra: readonly string[] = [],
  body = '',
): string {
  const headers = [
    ...all(request, 'via').map((v) => `Via: ${v}`),
    ...(request.method === 'INVITE' ? all(request, 'record-route').map((r) => `Record-Route: ${r}`) : []),
    `From: ${first(request, 'from')}`,
    `To: ${withTag(first(request, 'to'), toTag)}`,
    `Call-ID: ${first(request, 'call-id')}`,
    `CSeq: ${first(request, 'cseq')}`,
    ...extra,
  ];
  return build(`SIP/2.0 ${status} ${reason}`, headers, body);
}

/** Adds `;tag=` to a From/To value that has none. */
export function withTag(value: string, tag: string): string {
  return /;\s*tag=/i.test(value) ? value : `${value};tag=${tag}`;
}

/** The `tag` parameter of a From/To value. */
export function tagOf(value: string): string {
  return /;\s*tag=([^;>\s]+)/i.exec(value)?.[1] ?? '';
}
