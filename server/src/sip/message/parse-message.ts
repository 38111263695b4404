/**
 * Framing and validation of one SIP message received as one WebSocket frame (RFC 7118 §5.1).
 * The fields a proxy relies on are checked against the RFC 3261 §25 grammar (fast paths in
 * fast-grammar.ts, SIP.js's `Grammar` for everything else); this module adds what a proxy needs on
 * top: the mandatory fields (RFC 3261 §8.1.1), CSeq
 * method = request method, every Via and Route element valid, Content-Length against the bytes that
 * really arrived (§18.3, §20.14), a size limit. It never throws.
 */
import { Grammar, type NameAddrHeader, type URI } from 'sip.js';
import { parseCSeq, parseNameAddr, parseTelNameAddr, parseUri, parseVia } from './fast-grammar.js';
import { parseTelUri } from './tel-uri.js';
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

  return validate(partial, fail);
}

/** Call-ID = word [ "@" word ] (RFC 3261 §25.1). */
const CALL_ID = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+(?:@[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+)?$/;

function validate(
  message: SipMessage,
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
    const v = parseVia(raw);
    if (!v) return fail('Bad Via');
    vias.push({ raw, ...v });
  }
  if (vias.length === 0) return fail('Missing Via');
  const from = parseNameAddr(message.get('From') ?? '');
  if (!from) return fail('Bad From');
  const to = parseNameAddr(message.get('To') ?? '') ?? parseTelNameAddr(message.get('To') ?? '');
  if (!to) return fail('Bad To');
  const callId = message.get('Call-ID') ?? '';
  if (!CALL_ID.test(callId)) return fail('Bad Call-ID');
  const cseqParsed = parseCSeq(message.get('CSeq') ?? '');
  if (!cseqParsed || !(cseqParsed.value < 2 ** 31)) return fail('Bad CSeq');
  for (const name of ['Contact', 'Record-Route']) {
    for (const raw of message.getAll(name)) {
      if (raw !== '*' && !parseNameAddr(raw)) return fail(`Bad ${name}`);
    }
  }
  const common = {
    message,
    from,
    to,
    fromTag: from.getParam('tag') ?? undefined,
    toTag: to.getParam('tag') ?? undefined,
    callId,
    cseq: cseqParsed.value,
    cseqMethod: cseqParsed.method,
    vias,
  };
  if (message.startLine.kind === 'response') {
    return { ok: true, value: { ...common, kind: 'response', status: message.startLine.status } };
  }
  const method = message.startLine.method;
  if (cseqParsed.method !== method) return fail('CSeq Method Mismatch');
  // RFC 3261 §19.1.6: a request may be sent to a tel URL (RFC 3966); routing gives it to the gateway.
  const tel = /^tel:/i.test(message.startLine.uri);
  if (!tel && !/^sips?:/i.test(message.startLine.uri)) {
    return /^[a-z][a-z0-9+.-]*:/i.test(message.startLine.uri)
      ? fail('Unsupported URI Scheme', 416)
      : fail('Bad Request-URI');
  }
  const ruri = tel ? parseTelUri(message.startLine.uri) : parseUri(message.startLine.uri);
  if (!ruri) return fail('Bad Request-URI');
  let maxForwards: number | undefined;
  const mf = message.getAll('Max-Forwards');
  if (mf.length > 1) return fail('Duplicate Max-Forwards');
  if (mf[0] !== undefined) {
    if (!/^\d{1,3}$/.test(mf[0]) || Number(mf[0]) > 255) return fail('Bad Max-Forwards');
    maxForwards = Number(mf[0]);
  }
  const routes: NameAddrHeader[] = [];
  for (const raw of message.getAll('Route')) {
    const r = parseNameAddr(raw);
    if (!r) return fail('Bad Route');
    routes.push(r);
  }
  return { ok: true, value: { ...common, kind: 'request', method, ruri, maxForwards, routes } };
}

function parseStartLine(line: string): StartLine | undefined {
  const res = /^SIP\/2\.0 ([1-6]\d\d) ([^\r\n]*)$/.exec(line);
  if (res) return { kind: 'response', status: Number(res[1]), reason: res[2] ?? '' };
  const req = /^([A-Za-z0-9.!%*_+`'~-]+) (\S+) SIP\/2\.0$/.exec(line);
  if (req) return { kind: 'request', method: req[1] ?? '', uri: req[2] ?? '' };
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
