/**
 * Which SIP addresses name a phone number rather than a Parley user (RFC 3261 §19.1.1 `user=phone`,
 * RFC 3966 `tel:`): the gateway takes calls to them. Usernames start with a letter, so a user part of
 * `+` and digits (with RFC 3966 visual separators) is always a number. Normalising the number itself is
 * the policy's business (common/phone-number.ts); this only recognises one and hands its text on.
 */

const PHONE_USER = /^\+?[\d\-.()]+$/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The dialled string of a Request-URI naming a phone number, or undefined. */
export function dialledOfRuri(ruri: {
  readonly user?: string | undefined;
  readonly text: string;
}): string | undefined {
  const user = ruri.user === undefined ? undefined : decode(ruri.user);
  if (user === undefined || user === '') return undefined;
  const phoneParam = /;\s*user=phone(?=;|$|\?|>)/i.test(ruri.text);
  if (PHONE_USER.test(user) && /\d{3}/.test(user.replace(/\D/g, ''))) return user;
  return phoneParam ? user : undefined;
}

/** The dialled string of a Refer-To value (RFC 3515 §2.1) naming a phone number, or undefined. */
export function dialledOfReferTo(value: string): string | undefined {
  const inner = (/<([^>]*)>/.exec(value)?.[1] ?? value.split(';')[0] ?? '').trim();
  const tel = /^tel:([^;?]+)/i.exec(inner);
  if (tel) return decode(tel[1] ?? '');
  const sip = /^sips?:([^@;?]+)@/i.exec(inner);
  if (!sip) return undefined;
  return dialledOfRuri({ user: sip[1], text: inner });
}
