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
  const username = uri.host.toLowerCase() === domain.toLowerCase() && uri.user ? uri.user : undefined;
  const name = displayName?.trim();
  return {
    uri: `sip:${uri.user ? uri.user + '@' : ''}${uri.host}`,
    ...(username ? { username } : {}),
    ...(name ? { displayName: name } : {}),
  };
}
