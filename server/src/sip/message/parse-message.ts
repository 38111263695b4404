/**
 * Framing and validation of one SIP message received as one WebSocket frame (RFC 7118 §5.1).
 * SIP.js's parser (`Core.Parser.parseMessage`, `Grammar.parse`) checks the grammar of the well-known
 * fields; this module adds what a proxy needs on top: the mandatory fields (RFC 3261 §8.1.1), CSeq
 * method = request method, every Via and Route element valid, Content-Length against the bytes that
 * really arrived (§18.3, §20.14), a size limit. It never throws.
 */
import { Core, Grammar, type NameAddrHeader, type URI } from 'sip.js';
import { canonicalHeaderName, isListField, splitHeaderList } from './header-names.js';
import { SipMessage, type HeaderField, type StartLine } from './sip-message.js';

export interface ViaValue {
  readonly raw: string;
  readonly transport: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly branch: string | undefined;
}

interface CommonInfo {
  readonly message: SipMessage;
  readonly from: NameAddrHeader;
  readonly to: NameAddrHeader;
  readonly fromTag: string | undefined;
  readonly toTag: string | undefined;
  readonly callId: string;
  readonly cseq: number;
  readonly cseqMethod: string;
  readonly vias: readonly ViaValue[];
}

export interface ParsedRequest extends CommonInfo {
  readonly kind: 'request';
  readonly method: string;
  readonly ruri: URI;
  /** `undefined` when absent (a proxy then adds 70, RFC 3261 §16.6 step 3). */
  readonly maxForwards: number | undefined;
  readonly routes: readonly NameAddrHeader[];
}

export interface ParsedResponse extends CommonInfo {
  readonly kind: 'response';
  readonly status: number;
}

export type ParseOutcome =
  | { readonly ok: true; readonly value: ParsedRequest | ParsedResponse }
  | {
      readonly ok: false;
      /** Why, for the 400 reason phrase and the log (never message content). */
      readonly reason: string;
      /** Suggested status when answering a request: 400, 413/513, 416, 505. */
      readonly status: number;
      /** Set when enough was read to answer (a request whose header could be split into fields). */
      readonly partial?: SipMessage;
      /** The frame is not SIP at all (no request or status line). */
      readonly notSip?: boolean;
    };

export interface ParseOptions {
  /** Largest accepted message in bytes; larger ones get 513 when their header can be read. */
  readonly maxBytes: number;
}

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;

/** A logger shaped like SIP.js's, remembering the last complaint. */
function captureLogger(): { log: Core.Logger; last: () => string | undefined } {
  let last: string | undefined;
  const keep = (m: string): void => {
    last = m;
  };
  const log = {
    error: keep,
    warn: keep,
    log: () => undefined,
    debug: () => undefined,
  } as unknown as Core.Logger;
  return { log, last: () => last };
}

/** Parses one frame. */
export function parseMessage(data: string, options: ParseOptions): ParseOutcome {
  const bytes = Buffer.byteLength(data, 'utf8');
  const headEnd = data.indexOf('\r\n\r\n');
  const headText = headEnd >= 0 ? data.slice(0, headEnd) : data;
  const lines = unfold(headText.split('\r\n'));
  const first = lines.shift() ?? '';
  const startLine = parseStartLine(first);
  if (!startLine) {
    return { ok: false, reason: 'Bad Request Line', status: 400, notSip: true };
  }
  const headers: HeaderField[] = [];
  let badField: string | undefined;
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) {
      badField ??= 'Malformed header line';
      continue;
    }
    const canonical = canonicalHeaderName(name);
    const value = line.slice(colon + 1).trim();
    if (isListField(canonical) && value !== '*') {
      for (const part of splitHeaderList(value)) headers.push({ name: canonical, value: part });
    } else headers.push({ name: canonical, value });
  }
  const partial = new SipMessage(startLine, headers, '');
  const fail = (reason: string, status = 400): ParseOutcome => ({ ok: false, reason, status, partial });
  if (bytes > options.maxBytes) return fail('Message Too Large', 513);
  if (headEnd < 0) return fail('Truncated Message');
  if (badField) return fail(badField);
  if (data.slice(0, 8).toUpperCase() !== 'SIP/2.0 ' && !/ SIP\/2\.0$/.test(first)) {
    return fail('Version Not Supported', 505);
  }

  // Body: Content-Length counts bytes (RFC 3261 §20.14); over a message-oriented transport it is
  // optional, and extra bytes beyond it are discarded (§18.3). Fewer bytes than announced: 400.
  const rawBody = Buffer.from(data.slice(headEnd + 4), 'utf8');
  const lengthField = partial.get('Content-Length');
  let body = rawBody;
  if (lengthField !== undefined) {
    if (!/^\d{1,9}$/.test(lengthField)) return fail('Bad Content-Length');
    const length = Number(lengthField);
    if (rawBody.length < length) return fail('Truncated Body');
    body = rawBody.subarray(0, length);
  }
  partial.body = body.toString('utf8');

  // The grammar of the well-known fields, by SIP.js (it may throw on some inputs: caught).
  const logger = captureLogger();
  let sipjs: ReturnType<typeof Core.Parser.parseMessage>;
  try {
    // SIP.js's Contact grammar has no `*` (RFC 3261 §10.2.2 wildcard): that line is checked here.
    const forSipJs = headText.replace(/\r\n(?:contact|m)[ \t]*:[ \t]*\*[ \t]*(?=\r\n|$)/gi, '');
    sipjs = Core.Parser.parseMessage(forSipJs + '\r\n\r\n', logger.log);
  } catch {
    sipjs = undefined;
  }
  if (!sipjs) return fail(cleanReason(logger.last()) ?? 'Malformed Message');
  return validate(partial, sipjs, fail);
}

function validate(
  message: SipMessage,
  sipjs: Core.IncomingRequestMessage | Core.IncomingResponseMessage,
  fail: (reason: string, status?: number) => ParseOutcome,
): ParseOutcome {
  // RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Via are mandatory (exactly one of the first four).
  for (const name of ['To', 'From', 'CSeq', 'Call-ID']) {
    const count = message.getAll(name).length;
    if (count === 0) return fail(`Missing ${name}`);
    if (count > 1) return fail(`Duplicate ${name}`);
  }
  const vias: ViaValue[] = [];
  for (const raw of message.getAll('Via')) {
    const v = Grammar.parse(raw, 'Via') as
      -1 | { transport: string; host: string; port?: number; branch?: string };
    if (v === -1) return fail('Bad Via');
    vias.push({ raw, transport: v.transport.toUpperCase(), host: v.host, port: v.port, branch: v.branch });
  }
  if (vias.length === 0) return fail('Missing Via');
  const from = sipjs.from;
  const to = sipjs.to;
  if (!from || !to) return fail('Bad From or To');
  const cseqParsed = Grammar.parse(message.get('CSeq') ?? '', 'CSeq') as
    -1 | { value: number; method: string };
  if (cseqParsed === -1 || !(cseqParsed.value >= 0 && cseqParsed.value < 2 ** 31)) return fail('Bad CSeq');
  const common = {
    message,
    from,
    to,
    fromTag: from.getParam('tag') ?? undefined,
    toTag: to.getParam('tag') ?? undefined,
    callId: message.get('Call-ID') ?? '',
    cseq: cseqParsed.value,
    cseqMethod: cseqParsed.method,
    vias,
  };
  if (message.startLine.kind === 'response') {
    return { ok: true, value: { ...common, kind: 'response', status: message.startLine.status } };
  }
  const method = message.startLine.method;
  if (cseqParsed.method !== method) return fail('CSeq Method Mismatch');
  const ruri = Grammar.URIParse(message.startLine.uri);
  if (!ruri) {
    return /^[a-z][a-z0-9+.-]*:/i.test(message.startLine.uri)
      ? fail('Unsupported URI Scheme', 416)
      : fail('Bad Request-URI');
  }
  if (ruri.scheme !== 'sip' && ruri.scheme !== 'sips') return fail('Unsupported URI Scheme', 416);
  let maxForwards: number | undefined;
  const mf = message.getAll('Max-Forwards');
  if (mf.length > 1) return fail('Duplicate Max-Forwards');
  if (mf[0] !== undefined) {
    if (!/^\d{1,3}$/.test(mf[0]) || Number(mf[0]) > 255) return fail('Bad Max-Forwards');
    maxForwards = Number(mf[0]);
  }
  const routes: NameAddrHeader[] = [];
  for (const raw of message.getAll('Route')) {
    const r = Grammar.nameAddrHeaderParse(raw);
    if (!r) return fail('Bad Route');
    routes.push(r);
  }
  return { ok: true, value: { ...common, kind: 'request', method, ruri, maxForwards, routes } };
}

function parseStartLine(line: string): StartLine | undefined {
  const parsed = Grammar.parse(line, 'Request_Response') as
    -1 | { method?: string; status_code?: number; reason_phrase?: string };
  if (parsed === -1) return undefined;
  if (parsed.status_code !== undefined) {
    return { kind: 'response', status: parsed.status_code, reason: parsed.reason_phrase ?? '' };
  }
  const parts = line.split(' ');
  if (parts.length !== 3 || !parsed.method) return undefined;
  return { kind: 'request', method: parsed.method, uri: parts[1] ?? '' };
}

/** Joins folded header lines (RFC 3261 §7.3.1: continuation lines start with white space). */
function unfold(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && out.length > 0) out[out.length - 1] += ' ' + line.trim();
    else out.push(line);
  }
  return out;
}

/** Turns SIP.js's log line into a reason phrase without echoing client data. */
function cleanReason(text: string | undefined): string | undefined {
  const m = text && /error parsing header '([A-Za-z-]+)'/.exec(text);
  return m ? `Bad ${canonicalHeaderName(m[1] ?? '')}` : undefined;
}
