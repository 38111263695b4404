/**
 * The door between the SIP room (server/src/sip) and the rest of the service.
 * The service wiring (server/src/service.ts) builds one SipService per process and gives it:
 * - a `DigestSecretSource` backed by the account store (no SIP code touches SQLite directly);
 * - the HTTP server, whose `upgrade` requests on path `/sip` it accepts (subprotocol `sip`, RFC 7118).
 * The rest of the service reads presence from it.
 */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from '../../../common/logger.js';
import type { PresenceStatus } from '../../../common/api-types.js';

/** HA1 values a user may authenticate with (RFC 3261 §22.4, RFC 8760 for SHA-256). */
export interface DigestSecrets {
  /** MD5(username:realm:password) for the account password and for every live session token. */
  readonly md5: readonly string[];
  /** SHA-256(username:realm:password), likewise. */
  readonly sha256: readonly string[];
}

export interface DigestSecretSource {
  /** `undefined` when the user does not exist. `username` is already lowercased. */
  getDigestSecrets(username: string): DigestSecrets | undefined;
  /** Whether an address-of-record user exists (for 404 vs 480). */
  userExists(username: string): boolean;
}

export interface SipServiceOptions {
  /** SIP domain and digest realm, e.g. `localhost` or `company.example`. */
  readonly domain: string;
  readonly secrets: DigestSecretSource;
  readonly logger: Logger;
  /** Caller-visible no-answer timeout for INVITE forking; 30 s by default (issue 2). */
  readonly noAnswerTimeoutMs?: number;
  /** Clock, injectable for tests. */
  readonly now?: () => number;
}

export interface SipService {
  /** Accepts WebSocket upgrades on `path` (default `/sip`) of this HTTP server. */
  attach(server: HttpServer, path?: string): void;
  /** Presence of a user: offline (no binding), online (≥1 binding), on-call (in a confirmed or ringing dialog). */
  presenceOf(username: string): PresenceStatus;
  /** Called whenever a user's presence may have changed. Returns an unsubscribe function. */
  onPresenceChange(listener: (username: string) => void): () => void;
  /** Closes every WebSocket (1001 going away) and stops timers. */
  close(): Promise<void>;
}
