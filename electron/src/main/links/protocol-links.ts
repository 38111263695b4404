/**
 * Parsing of `sip:`, `sips:`, `tel:` and `callto:` links handed to Parley by the OS.
 *
 * A link comes from anywhere (a web page, a mail, another program), so it is untrusted input. The rules:
 * - at most {@link MAX_LINK_LENGTH} characters, no white space or control characters, raw or %-encoded;
 * - `sip:`/`sips:` (RFC 3261 §19.1.1): `user@host[:port]` with only the `transport` and `user` URI
 *   parameters; a password in the userinfo, any other parameter (`maddr`, `method`, `lr`, …) and any
 *   header part (`?subject=…`, §19.1.5) make the link refused: a link must not steer routing or inject
 *   header fields. The result keeps only `scheme:user@host[:port]`.
 * - `tel:` (RFC 3966 §3): a global number (`+` digits with visual separators), or a local number with a
 *   global-number `phone-context` (§5.1.5) or a configured default country; normalised to E.164 with
 *   libphonenumber. Only the `phone-context` parameter is accepted.
 * - `callto:` (de-facto, no RFC): a phone number (→ as `tel:`), `user@host` (→ as `sip:`) or a Parley
 *   username, with an optional leading `//`.
 *
 * This module is pure: no Electron import, safe to unit-test and to run in any process.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { DialRequest } from '../../../../common/ipc-contract.js';
import { checkUsername } from '../../../../common/username-rules.js';

export const MAX_LINK_LENGTH = 512;
export const LINK_SCHEMES = ['sip', 'sips', 'tel', 'callto'] as const;

export type LinkParseResult =
  { readonly ok: true; readonly request: DialRequest } | { readonly ok: false; readonly reason: string };

export interface LinkParseOptions {
  /** ISO 3166 country used for `tel:` local numbers without a `phone-context`; none → refused. */
  readonly defaultCountry?: string;
}

const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// Printable ASCII only, no space: every link is ASCII once %-encoded (RFC 3986 §2).
const PRINTABLE_RE = /^[\x21-\x7e]+$/;
/** RFC 3261 §25.1 `user`, minus `;`, `?`, `/`, quotes and parentheses (strict subset). */
const SIP_USER_CHAR_RE = /^[A-Za-z0-9\-_.!~*&=+$,]$/;
const HOST_LABEL_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6_REF_RE = /^\[[0-9A-Fa-f:.]{2,45}\]$/;
const ALLOWED_SIP_PARAMS: Readonly<Record<string, RegExp>> = {
  transport: /^(udp|tcp|tls|sctp|ws|wss)$/i,
  user: /^(phone|ip)$/i,
};

/** Parses one link. Never throws. */
export function parseProtocolLink(input: unknown, options: LinkParseOptions = {}): LinkParseResult {
  if (typeof input !== 'string') return refuse('not a string');
  if (input.length === 0) return refuse('empty link');
  if (input.length > MAX_LINK_LENGTH) return refuse(`longer than ${MAX_LINK_LENGTH} characters`);
  if (!PRINTABLE_RE.test(input)) return refuse('white space or control characters');
  const schemeMatch = SCHEME_RE.exec(input);
  if (!schemeMatch) return refuse('no scheme');
  const scheme = schemeMatch[1]!.toLowerCase();
  const rest = input.slice(schemeMatch[0].length);
  switch (scheme) {
    case 'sip':
    case 'sips':
      return parseSipLink(scheme, rest);
    case 'tel':
      return parseTelLink(rest, options);
    case 'callto':
      return parseCalltoLink(rest, options);
    default:
      return refuse(`scheme "${scheme}" is not handled`);
  }
}

/** RFC 3261 §19.1.1: `sip:user@host[:port][;params]` — headers are refused (§19.1.5). */
function parseSipLink(
  scheme: 'sip' | 'sips',
  rest: string,
  outScheme: DialRequest['scheme'] = scheme,
): LinkParseResult {
  if (rest.includes('?')) return refuse('header fields in a SIP link are not accepted');
  const [addressPart = '', ...params] = rest.split(';');
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = (eq < 0 ? param : param.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : param.slice(eq + 1);
    const rule = ALLOWED_SIP_PARAMS[name];
    if (!rule || !rule.test(value)) return refuse(`URI parameter "${name}" is not accepted`);
  }
  const at = addressPart.lastIndexOf('@');
  if (at <= 0) return refuse('a SIP link needs user@host');
  const userInfo = addressPart.slice(0, at);
  const hostPort = addressPart.slice(at + 1);
  if (userInfo.includes(':')) return refuse('passwords in links are not accepted');
  const user = decodeSipUser(userInfo);
  if (user === undefined) return refuse('invalid user part');
  const host = parseHostPort(hostPort);
  if (host === undefined) return refuse('invalid host');
  return { ok: true, request: { scheme: outScheme, target: `${scheme}:${encodeSipUser(user)}@${host}` } };
}

function decodeSipUser(raw: string): string | undefined {
  if (raw.length === 0 || raw.length > 128) return undefined;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    let ch = raw[i]!;
    if (ch === '%') {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      ch = String.fromCharCode(parseInt(hex, 16));
      i += 2;
    }
    // Checked after decoding, so %0A, %00, %40 ("@") and friends are refused too.
    if (!SIP_USER_CHAR_RE.test(ch)) return undefined;
    out += ch;
  }
  return out;
}

function encodeSipUser(user: string): string {
  return user; // every accepted character is unreserved or user-unreserved (RFC 3261 §25.1)
}

function parseHostPort(raw: string): string | undefined {
  let host = raw;
  let port: string | undefined;
  if (raw.startsWith('[')) {
    const close = raw.indexOf(']');
    if (close < 0) return undefined;
    host = raw.slice(0, close + 1);
    const after = raw.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return undefined;
      port = after.slice(1);
    }
    if (!IPV6_REF_RE.test(host) || !host.includes(':')) return undefined;
  } else {
    const colon = raw.indexOf(':');
    if (colon >= 0) {
      host = raw.slice(0, colon);
      port = raw.slice(colon + 1);
    }
    if (!isHostname(host) && !isIpv4(host)) return undefined;
  }
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port)) return undefined;
    const n = Number(port);
    if (n < 1 || n > 65535) return undefined;
    return `${host.toLowerCase()}:${n}`;
  }
  return host.toLowerCase();
}

function isIpv4(host: string): boolean {
  const m = IPV4_RE.exec(host);
  return !!m && m.slice(1).every((part) => Number(part) <= 255);
}

function isHostname(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  // A name whose last label is all digits would be a malformed IPv4 address.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return false;
  return labels.every((label) => HOST_LABEL_RE.test(label));
}

/** RFC 3966 §3 and §5.1.5; normalised to E.164 with libphonenumber. */
function parseTelLink(
  rest: string,
  options: LinkParseOptions,
  outScheme: DialRequest['scheme'] = 'tel',
): LinkParseResult {
  const [numberPart = '', ...params] = rest.split(';');
  let context: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = (eq < 0 ? param : param.slice(0, eq)).toLowerCase();
    if (name !== 'phone-context' || eq < 0 || context !== undefined) {
      return refuse(`tel parameter "${name}" is not accepted`);
    }
    context = param.slice(eq + 1);
  }
  const decoded = safeDecode(numberPart);
  if (decoded === undefined) return refuse('invalid %-encoding');
  // Visual separators of RFC 3966 §5.1.1: "-", ".", "(", ")". Nothing else besides digits and a leading "+".
  if (!/^\+?[0-9().-]+$/.test(decoded)) return refuse('not a phone number');
  const digits = decoded.replace(/[().-]/g, '');
  if (!/^\+?\d{2,17}$/.test(digits)) return refuse('not a phone number');
  let text: string;
  let country: CountryCode | undefined;
  if (digits.startsWith('+')) {
    if (context !== undefined) return refuse('a global number takes no phone-context');
    text = digits;
  } else if (context !== undefined) {
    const prefix = context.replace(/[().-]/g, '');
    if (!/^\+\d{1,15}$/.test(prefix)) return refuse('only numeric phone-context values are accepted');
    text = prefix + digits;
  } else if (options.defaultCountry && /^[A-Z]{2}$/.test(options.defaultCountry)) {
    text = digits;
    country = options.defaultCountry as CountryCode;
  } else {
    return refuse('a local number needs a country');
  }
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed || !parsed.isValid()) return refuse('not a valid phone number');
  return { ok: true, request: { scheme: outScheme, target: parsed.number } };
}

/** `callto:` (Skype/NetMeeting habit): a number, `user@host`, or a Parley username. */
function parseCalltoLink(rest: string, options: LinkParseOptions): LinkParseResult {
  const body = rest.startsWith('//') ? rest.slice(2) : rest;
  const trimmed = body.endsWith('/') ? body.slice(0, -1) : body;
  if (trimmed.length === 0) return refuse('empty callto link');
  if (/^\+?[0-9().-]+$/.test(trimmed)) return parseTelLink(trimmed, options, 'callto');
  if (trimmed.includes('@')) return parseSipLink('sip', trimmed, 'callto');
  const decoded = safeDecode(trimmed);
  if (decoded === undefined) return refuse('invalid %-encoding');
  const check = checkUsername(decoded);
  if (!check.ok || decoded !== decoded.trim()) return refuse('not a valid username');
  return { ok: true, request: { scheme: 'callto', target: check.username } };
}

function safeDecode(text: string): string | undefined {
  try {
    const decoded = decodeURIComponent(text);
    return PRINTABLE_RE.test(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

function refuse(reason: string): LinkParseResult {
  return { ok: false, reason };
}

/** True when an argv entry looks like one of our links (cheap pre-filter; parsing decides). */
export function looksLikeProtocolLink(arg: string): boolean {
  const m = SCHEME_RE.exec(arg);
  return !!m && (LINK_SCHEMES as readonly string[]).includes(m[1]!.toLowerCase());
}

/** At most this many links are taken from one command line (a flood of calls helps nobody). */
export const MAX_LINKS_PER_LAUNCH = 3;

/**
 * The links in a command line (first launch or a second instance), parsed. Refused links are returned
 * with their reason so the caller can log them. Flags and the executable path are ignored.
 */
export function linksFromArgv(
  argv: readonly unknown[],
  options: LinkParseOptions = {},
): { readonly accepted: readonly DialRequest[]; readonly refused: readonly string[] } {
  const accepted: DialRequest[] = [];
  const refused: string[] = [];
  for (const arg of argv) {
    if (typeof arg !== 'string' || !looksLikeProtocolLink(arg)) continue;
    if (accepted.length + refused.length >= MAX_LINKS_PER_LAUNCH) break;
    const result = parseProtocolLink(arg, options);
    if (result.ok) accepted.push(result.request);
    else refused.push(result.reason);
  }
  return { accepted, refused };
}
