/**
 * Phone numbers for people and for the PSTN gateway: any common written form → E.164 (ITU-T E.164,
 * `+` country code and national number, at most 15 digits), and E.164 → the forms people read.
 * Used by the service (gateway policy) and the client (dial box, incoming calls) alike, so both agree on
 * what a number is. Parsing rules come from libphonenumber's metadata (libphonenumber-js, "min" set: the
 * client bundle stays small; number *types* such as premium rate are the service's business).
 *
 * Accepted forms (`homeCountry` is ISO 3166-1 alpha-2, for national numbers):
 * - international: `+44 20 7946 0018`, `+442079460018`, `(+44) 20-7946-0018`;
 * - national with the home country: `020 7946 0018` (GB), `(202) 555-0123` (US);
 * - the home country's international prefix (`011 44 …` from US) or the common `00` (`0044 …`);
 * - `tel:+44-20-7946-0018` (RFC 3966 §3, global number; `;params` ignored);
 * - a SIP URI or its user part: `sip:+442079460018@example.com;user=phone` (RFC 3261 §19.1.1).
 */
import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/min';

/** Characters people put between digits: spaces, dots, dashes, slashes, brackets (RFC 3966 visual separators). */
const SEPARATORS = /[\s.\-/()\u00a0]/g;

/** What remains once the scheme, host and parameters are gone: `+` and digits only, or undefined. */
function dialString(input: string): string | undefined {
  let text = input.trim();
  // tel: URI (RFC 3966): the number is everything up to the first `;` parameter.
  const tel = /^tel:([^;]*)/i.exec(text);
  if (tel) text = tel[1] ?? '';
  // sip:/sips: URI (RFC 3261 §19.1.1): the user part, before `@`; `;user=phone` params come after the host.
  const sip = /^sips?:([^@;]*)@/i.exec(text);
  if (sip) text = decodeURIComponent(sip[1] ?? '');
  const compact = text.replace(SEPARATORS, '');
  return /^\+?\d{3,20}$/.test(compact) ? compact : undefined;
}

function parsed(compact: string, homeCountry: string | undefined): PhoneNumber | undefined {
  const country = homeCountry?.toUpperCase() as CountryCode | undefined;
  const first = parsePhoneNumberFromString(compact, country ? { defaultCountry: country } : undefined);
  if (first?.isPossible()) return first;
  // `00` is the international prefix in most of the world; accept it whatever the home country's is.
  if (compact.startsWith('00')) {
    const alt = parsePhoneNumberFromString('+' + compact.slice(2));
    if (alt?.isPossible()) return alt;
  }
  return undefined;
}

/**
 * The E.164 form (`+442079460018`) of a dialled string, or `undefined` when it is not a possible phone
 * number (usernames, too short or too long for the country, letters).
 */
export function toE164(input: string, homeCountry?: string): string | undefined {
  const compact = dialString(input);
  if (compact === undefined) return undefined;
  return parsed(compact, homeCountry)?.number;
}

/**
 * Whether a dial-box entry is meant as a phone number (rather than a username): it starts with `+`,
 * `tel:`, or is made only of digits and separators. Says nothing about validity (see `toE164`).
 */
export function looksLikePhoneNumber(input: string): boolean {
  const text = input.trim();
  if (/^tel:/i.test(text)) return true;
  const compact = text.replace(SEPARATORS, '');
  return /^\+?\d{3,}$/.test(compact);
}

/** E.164 syntax only (no metadata): `+`, a non-zero digit, up to 15 digits in all. */
export function isE164(text: string): boolean {
  return /^\+[1-9]\d{1,14}$/.test(text);
}

/**
 * A number as people write it: nationally when it is in `homeCountry` (`020 7946 0018`), otherwise
 * internationally (`+44 20 7946 0018`). Falls back to the input when libphonenumber cannot read it.
 */
export function formatForPeople(e164: string, homeCountry?: string): string {
  const number = parsePhoneNumberFromString(e164);
  if (!number) return e164;
  if (homeCountry !== undefined && number.country === homeCountry.toUpperCase()) {
    return number.formatNational();
  }
  return number.formatInternational();
}

/** Always the international form, `+44 20 7946 0018`. */
export function formatInternational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** The E.164 number a SIP user part or URI names, when it is one (`+` and digits only). */
export function e164FromSipUser(uriOrUser: string): string | undefined {
  const user = /^sips?:([^@;]*)@/i.exec(uriOrUser.trim())?.[1] ?? uriOrUser.trim();
  const compact = user.replace(SEPARATORS, '');
  return isE164(compact) ? compact : undefined;
}
