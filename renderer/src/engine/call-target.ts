/**
 * Turns what a user typed into a SIP request URI (RFC 3261 §19.1).
 * Accepts `bob`, `bob@domain` and `sip:bob@domain`; a username in our domain is lowercased
 * because Parley usernames are case-insensitive (ARCHITECTURE.md "Identity").
 */
import type { URI } from 'sip.js';
import { UserAgent } from 'sip.js';
import type { CallPeer } from './phone-engine-contract.js';

export function parseCallTarget(target: string, domain: string): URI | undefined {
  let text = target.trim();
  if (text === '') return undefined;
  // A phone number (E.164, or a global `tel:` URI, RFC 3966 §3) goes to the service's gateway as
  // `sip:+E164@DOMAIN;user=phone` (RFC 3261 §19.1.6), whether typed or from a `tel:` link.
  const phone = /^(?:tel:)?(\+[1-9]\d{1,14})(?:;.*)?$/i.exec(text.replace(/[\s.()-]/g, ''));
  if (phone) return UserAgent.makeURI(`sip:${phone[1]}@${domain};user=phone`);
  const sipPhone = /^sips?:(\+[1-9]\d{1,14})@([^;>]+)(;.*)?$/i.exec(text);
  if (sipPhone) return UserAgent.makeURI(`sip:${sipPhone[1]}@${sipPhone[2]};user=phone`);
  text = text.replace(/^sips?:/i, '');
  if (!text.includes('@')) text = `${text}@${domain}`;
  const at = text.lastIndexOf('@');
  const user = text.slice(0, at);
  const host = text.slice(at + 1);
  if (user === '' || host === '' || /[\s<>"]/.test(text)) return undefined;
  const normalizedUser = host.toLowerCase() === domain.toLowerCase() ? user.toLowerCase() : user;
  return UserAgent.makeURI(`sip:${normalizedUser}@${host}`);
}

/** Describes the other party of a call for the snapshot. */
export function peerFromUri(uri: URI, domain: string, displayName?: string): CallPeer {
  // A `+` user part is a phone number (usernames start with a letter), never a username.
  const local = uri.host.toLowerCase() === domain.toLowerCase() && uri.user && !uri.user.startsWith('+');
  const username = local ? uri.user : undefined;
  const name = displayName?.trim();
  return {
    uri: `sip:${uri.user ? uri.user + '@' : ''}${uri.host}`,
    ...(username ? { username } : {}),
    ...(name ? { displayName: name } : {}),
  };
}
