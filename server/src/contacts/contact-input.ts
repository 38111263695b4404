/**
 * Checks a `ContactInput` (common/contact-types.ts) from the API and turns it into a card draft:
 * numbers become E.164 where they can be read as phone numbers (common/phone-number.ts, with the
 * gateway's home country for national forms), and are otherwise kept as typed and flagged `valid: false`.
 */
import {
  CONTACT_LIMITS,
  isPhoneNumberType,
  type ContactPhoneNumber,
  type PhoneNumberType,
  type StructuredName,
} from '../../../common/contact-types.js';
import { toE164 } from '../../../common/phone-number.js';
import { normalizeUsername } from '../../../common/username-rules.js';
import { invalidContact } from './contact-error.js';

/** The number as stored: E.164 when possible, else the trimmed text as typed. */
export function storedNumber(
  type: PhoneNumberType,
  typed: string,
  homeCountry: string | undefined,
): ContactPhoneNumber {
  const trimmed = typed.trim();
  const e164 = toE164(trimmed, homeCountry);
  return e164 === undefined ? { type, number: trimmed, valid: false } : { type, number: e164, valid: true };
}

export interface CheckedInput {
  readonly displayName: string;
  readonly numbers: readonly ContactPhoneNumber[];
  readonly favourite: boolean;
  /** Normalized; null for none. Whether the account exists is the caller's check. */
  readonly username: string | null;
  /** `undefined` when the input left it out. */
  readonly name: StructuredName | null | undefined;
}

const NAME_PARTS = ['family', 'given', 'additional', 'prefixes', 'suffixes'] as const;

function checkName(value: unknown): StructuredName | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidContact('name must be an object.');
  const record = value as Record<string, unknown>;
  const parts = NAME_PARTS.map((key) => {
    const part = record[key] ?? '';
    if (typeof part !== 'string' || part.length > CONTACT_LIMITS.displayName) {
      throw invalidContact(`name.${key} must be text of at most ${CONTACT_LIMITS.displayName} characters.`);
    }
    return part.trim();
  });
  const [family, given, additional, prefixes, suffixes] = parts as [string, string, string, string, string];
  return { family, given, additional, prefixes, suffixes };
}

/** @throws ContactError `invalid_contact` naming the field that is wrong. */
export function checkContactInput(
  body: Record<string, unknown>,
  homeCountry: string | undefined,
): CheckedInput {
  const displayName = typeof body['displayName'] === 'string' ? body['displayName'].trim() : '';
  if (displayName === '' || displayName.length > CONTACT_LIMITS.displayName) {
    throw invalidContact(`displayName must be 1 to ${CONTACT_LIMITS.displayName} characters.`);
  }
  const favourite = body['favourite'] ?? false;
  if (typeof favourite !== 'boolean') throw invalidContact('favourite must be true or false.');
  const rawNumbers = body['numbers'] ?? [];
  if (!Array.isArray(rawNumbers) || rawNumbers.length > CONTACT_LIMITS.numbers) {
    throw invalidContact(`numbers must be a list of at most ${CONTACT_LIMITS.numbers}.`);
  }
  const numbers = rawNumbers.map((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const type = e['type'] ?? 'other';
    if (!isPhoneNumberType(type))
      throw invalidContact(`numbers[${i}].type must be mobile, work, home or other.`);
    const number = typeof e['number'] === 'string' ? e['number'].trim() : '';
    if (number === '' || number.length > CONTACT_LIMITS.number) {
      throw invalidContact(`numbers[${i}].number must be 1 to ${CONTACT_LIMITS.number} characters.`);
    }
    return storedNumber(type, number, homeCountry);
  });
  const rawUsername = body['username'] ?? null;
  if (rawUsername !== null && typeof rawUsername !== 'string')
    throw invalidContact('username must be text or null.');
  const username = rawUsername === null || rawUsername.trim() === '' ? null : normalizeUsername(rawUsername);
  if (username !== null && username.length > 64) throw invalidContact('username is too long.');
  return { displayName, numbers, favourite, username, name: checkName(body['name']) };
}
