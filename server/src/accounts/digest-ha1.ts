/**
 * HA1 values for SIP digest authentication, stored so the plaintext password never is.
 * - MD5: `MD5(username ":" realm ":" password)`, RFC 2617 §3.2.2.2 (used by RFC 3261 §22.4).
 * - SHA-256: the same with SHA-256, RFC 8760 §2 / RFC 7616 §3.4.2.
 * - Kamailio's `ha1b`: `MD5(username "@" domain ":" realm ":" password)` for clients that send
 *   `username@domain` as the digest username (auth_db module).
 */
import { createHash } from 'node:crypto';

const digest = (algorithm: 'md5' | 'sha256', text: string): string =>
  createHash(algorithm).update(text, 'utf8').digest('hex');

export function ha1Md5(username: string, realm: string, password: string): string {
  return digest('md5', `${username}:${realm}:${password}`);
}

export function ha1Sha256(username: string, realm: string, password: string): string {
  return digest('sha256', `${username}:${realm}:${password}`);
}

export function ha1bMd5(username: string, domain: string, password: string): string {
  return digest('md5', `${username}@${domain}:${domain}:${password}`);
}

/** SHA-256 of a session token, hex: what the sessions table keys on. */
export function hashToken(token: string): string {
  return digest('sha256', token);
}
