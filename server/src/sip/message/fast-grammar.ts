/**
 * Fast paths for the few fields a proxy reads on every message (RFC 3261 §25.1 ABNF, common
 * shapes only). SIP.js's PEG grammar builds its whole parser on each call (~0.2–0.5 ms per field
 * measured here), which capped REGISTER throughput near 100/s; these strict regular expressions
 * accept only plainly valid values and return `undefined` for anything else, and the caller then
 * asks SIP.js's `Grammar` — the final judge of validity stays SIP.js.
 */
import { Grammar, NameAddrHeader, URI } from 'sip.js';
import { parseTelUri } from './tel-uri.js';

const TOKEN = "[A-Za-z0-9.!%*_+`'~-]+";
const ESC = '%[0-9A-Fa-f]{2}';
const USER = `(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/]|${ESC})+`;
const PASSWORD = `(?:[A-Za-z0-9\\-_.!~*'()&=+$,]|${ESC})*`;
const HOSTNAME = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)*[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.?';
const IPV4 = '(?:\\d{1,3}\\.){3}\\d{1,3}';
const IPV6 = '\\[[0-9A-Fa-f:.]+\\]';
const HOST = `(?:${HOSTNAME}|${IPV4}|${IPV6})`;
const PCHAR = `(?:[A-Za-z0-9\\-_.!~*'()\\[\\]/:&+$]|${ESC})`;
const URI_PARAM = `;${PCHAR}+(?:=${PCHAR}*)?`;
const GEN_VALUE = `(?:"(?:[^"\\\\]|\\\\.)*"|[A-Za-z0-9.!%*_+\`'~:\\[\\]-]+)`;
const GEN_PARAM = `\\s*;\\s*${TOKEN}(?:\\s*=\\s*${GEN_VALUE})?`;

const URI_RE = new RegExp(
  `^(sips?):(?:(${USER})(?::(${PASSWORD}))?@)?(${HOST})(?::(\\d{1,5}))?((?:${URI_PARAM})*)(?:\\?(\\S*))?$`,
  'i',
);
const NAME_ADDR_RE = new RegExp(
  `^\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(${TOKEN}(?:[ \\t]+${TOKEN})*))?\\s*<([^<>\\s]+)>((?:${GEN_PARAM})*)\\s*$`,
);
const ADDR_SPEC_RE = new RegExp(`^\\s*(sips?:[^;<>\\s,?]+)((?:${GEN_PARAM})*)\\s*$`, 'i');
const PARAM_RE = new RegExp(`;\\s*(${TOKEN})(?:\\s*=\\s*(${GEN_VALUE}))?`, 'g');
const VIA_RE = new RegExp(
  `^SIP\\s*/\\s*2\\.0\\s*/\\s*(${TOKEN})[ \\t]+(${HOST})(?:\\s*:\\s*(\\d{1,5}))?((?:${GEN_PARAM})*)\\s*$`,
  'i',
);
const CSEQ_RE = new RegExp(`^(\\d{1,10})[ \\t]+(${TOKEN})$`);

function params(text: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const m of text.matchAll(PARAM_RE)) out[(m[1] ?? '').toLowerCase()] = m[2] ?? null;
  return out;
}

function port(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  return n <= 65535 ? n : Number.NaN;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A SIP/SIPS URI, or `undefined` if invalid. */
export function parseUri(text: string): URI | undefined {
  const m = URI_RE.exec(text);
  if (m) {
    const p = port(m[5]);
    if (Number.isNaN(p)) return undefined; // stricter than SIP.js, which takes any digits
    const headers: Record<string, string[]> = {};
    for (const pair of (m[7] ?? '').split('&').filter(Boolean)) {
      const [k = '', v = ''] = pair.split('=');
      headers[k] = [v];
    }
    // SIP.js keeps an absent user as undefined and the user part unescaped.
    const user = m[2] === undefined ? undefined : safeDecode(m[2]);
    return new URI(m[1] ?? 'sip', user as string, m[4] ?? '', p, params(m[6] ?? ''), headers);
  }
  return Grammar.URIParse(text);
}

/**
 * A To value whose URI is a tel URI in name-addr form (RFC 3261 §8.1.1.2 allows any URI there; RFC 3966
 * §3), such as `<tel:+442079460018>;tag=x`, or `undefined`. Only To: From, Contact and Route stay SIP.
 */
export function parseTelNameAddr(text: string): NameAddrHeader | undefined {
  const na = NAME_ADDR_RE.exec(text);
  const uri = na?.[3] ? parseTelUri(na[3]) : undefined;
  if (!na || !uri) return undefined;
  return new NameAddrHeader(uri, na[1] ?? na[2] ?? '', params(na[4] ?? '') as Record<string, string>);
}

/** `name-addr` or `addr-spec` with header parameters (From, To, Route, Contact), or `undefined`. */
export function parseNameAddr(text: string): NameAddrHeader | undefined {
  const na = NAME_ADDR_RE.exec(text);
  const spec = na ? undefined : ADDR_SPEC_RE.exec(text);
  const uriText = na ? na[3] : spec?.[1];
  const uri = uriText ? URI_RE.test(uriText) && parseUri(uriText) : undefined;
  if (uri) {
    const display = na ? (na[1] ?? na[2] ?? '') : '';
    // SIP.js stores flag parameters as null, as its own grammar does.
    return new NameAddrHeader(uri, display, params((na ? na[4] : spec?.[2]) ?? '') as Record<string, string>);
  }
  const parsed = Grammar.parse(text, 'Name_Addr_Header') as -1 | NameAddrHeader;
  if (parsed !== -1) return parsed;
  // SIP.js's Contact rule also takes addr-spec forms the name-addr rule refuses.
  const contact = Grammar.parse(text, 'Contact') as -1 | Array<{ parsed: NameAddrHeader }>;
  return contact === -1 || contact.length !== 1 ? undefined : contact[0]?.parsed;
}

export interface ViaParts {
  readonly transport: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly branch: string | undefined;
}

/** One Via value (`via-parm`), or `undefined`. */
export function parseVia(text: string): ViaParts | undefined {
  const m = VIA_RE.exec(text);
  if (m) {
    const p = port(m[3]);
    if (Number.isNaN(p)) return undefined;
    const branch = params(m[4] ?? '').branch;
    let host = m[2] ?? '';
    if (host.startsWith('[')) host = host.slice(1, -1);
    return { transport: (m[1] ?? '').toUpperCase(), host, port: p, branch: branch ?? undefined };
  }
  const v = Grammar.parse(text, 'Via') as
    -1 | { transport: string; host: string; port?: number; branch?: string };
  if (v === -1) return undefined;
  return { transport: v.transport.toUpperCase(), host: v.host, port: v.port, branch: v.branch };
}

/** CSeq: number and method, or `undefined`. */
export function parseCSeq(text: string): { value: number; method: string } | undefined {
  const m = CSEQ_RE.exec(text.trim());
  if (m) return { value: Number(m[1]), method: m[2] ?? '' };
  const c = Grammar.parse(text, 'CSeq') as -1 | { value: number; method: string };
  return c === -1 ? undefined : c;
}
