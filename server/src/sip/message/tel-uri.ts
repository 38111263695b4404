/**
 * `tel:` URIs (RFC 3966 §3) where SIP puts URIs: the Request-URI (RFC 3261 §19.1.6: a UA may send a
 * request to a tel URL) and the To header. SIP.js only knows sip/sips, so a tel URI is carried as a
 * SIP.js `URI` whose scheme is `tel`, whose user is the telephone-subscriber's number and whose host is
 * {@link TEL_HOST} — a name in the reserved `.invalid` TLD (RFC 2606 §2), so it never names this
 * service nor any host a request could be relayed to. The routing step that understands it
 * (proxy/routing.ts, step 1b) hands a global number to the PSTN gateway as
 * `sip:+E164@DOMAIN;user=phone` (the conversion of RFC 3261 §19.1.6).
 */
import { URI } from 'sip.js';

/** The placeholder host of a tel URI carried as a SIP.js `URI` (reserved, RFC 2606 §2). */
export const TEL_HOST = 'tel.invalid';

// RFC 3966 §3: global-number-digits = "+" *phonedigit DIGIT *phonedigit; local numbers need a
// phone-context parameter. Visual separators are "-", ".", "(", ")".
const GLOBAL = /^\+[\d\-.()]*\d[\d\-.()]*$/;
const LOCAL = /^[\dA-Fa-f*#\-.()]*[\dA-Fa-f*#][\dA-Fa-f*#\-.()]*$/;
const PARAM = /^[A-Za-z0-9-]+(?:=[A-Za-z0-9\-_.!~*'()[\]/:&+$%]+)?$/;

/** A tel URI as a SIP.js `URI` (scheme `tel`, user = the number as written), or `undefined` if invalid. */
export function parseTelUri(text: string): URI | undefined {
  const m = /^tel:([^;?]+)((?:;[^;?]*)*)$/i.exec(text);
  if (!m) return undefined;
  const number = m[1] ?? '';
  const params: Record<string, string | null> = {};
  for (const raw of (m[2] ?? '').split(';').slice(1)) {
    if (!PARAM.test(raw)) return undefined;
    const [name = '', value] = raw.split('=');
    params[name.toLowerCase()] = value ?? null;
  }
  const global = GLOBAL.test(number);
  // §5.1.5: a local number is only meaningful with its phone-context.
  if (!global && !(LOCAL.test(number) && typeof params['phone-context'] === 'string')) return undefined;
  return new URI('tel', number, TEL_HOST, undefined, params as Record<string, string>);
}

/** Whether a parsed URI is a tel URI carried by {@link parseTelUri}. */
export function isTelUri(uri: { readonly scheme?: string }): boolean {
  return (uri.scheme ?? '').toLowerCase() === 'tel';
}
