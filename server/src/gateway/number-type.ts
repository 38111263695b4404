/**
 * Premium-rate recognition from libphonenumber's full metadata ("max" set: number types per country;
 * server-side only, the client bundle does not carry it). `+1 900 …`, `+44 9 …`, `+44 871 …` are
 * PREMIUM_RATE there.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export function isPremiumRate(e164: string): boolean {
  return parsePhoneNumberFromString(e164)?.getType() === 'PREMIUM_RATE';
}
