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
import type { MessagingService } from '../messaging/messaging-service.js';
import type { DeviceSender } from '../messaging/outbound-message.js';
import type { SipSubscriptionHooks } from './proxy/local-subscribe.js';

export type { LocalSubscribeRequest, SipSubscriptionHooks } from './proxy/local-subscribe.js';

/** What the proxy needs from the messaging room (issue 3). */
export type SipMessagingHooks = Pick<MessagingService, 'handleSipMessage' | 'onBindingAdded'>;

/** HA1 values a user may authenticate with (RFC 3261 §22.4, RFC 8760 for SHA-256). */
export interface DigestSecrets {
  /** MD5(username:realm:password) for the account password and for every live session token. */
  readonly md5: readonly string[];
  /** SHA-256(username:realm:password), likewise. */
  readonly sha256: readonly string[];
}

export interface DigestSecretSource {
  /** `undefined` when the user does not exist. `username` is already lowercased. */
  getDigestSecrets(username: string): Promise<DigestSecrets | undefined>;
  /** Whether an address-of-record user exists (for 404 vs 480). */
  userExists(username: string): Promise<boolean>;
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
  /**
   * Retargeting hook for the voicemail agent (optional). Called when an INVITE to `calleeUsername`
   * would fail: `offline` (user exists, no binding: instead of 480), `no-answer` (no-answer timeout,
   * or every device answered 480/408), `busy` (486/600), `declined` (603). Return a SIP URI of this
   * domain (e.g. `sip:voicemail@DOMAIN`) whose bindings get the INVITE instead, or `undefined` to
   * let the failure reach the caller. The retargeted INVITE keeps `To: <sip:callee@DOMAIN>` and
   * carries `History-Info` (RFC 7044, with an RFC 4458 `cause`) and `Diversion` (RFC 5806,
   * `reason=no-answer|user-busy|deflection|unavailable`) naming the original callee. A call is
   * diverted at most once; a caller's CANCEL is never diverted.
   */
  readonly divert?: (
    calleeUsername: string,
    why: 'no-answer' | 'busy' | 'declined' | 'offline',
  ) => string | undefined;
  /** Largest SIP message accepted, in bytes (default 65 536): larger ones get 513, frames over 4× that close the socket (1009). */
  readonly maxMessageBytes?: number;
  /** Digest nonce lifetime (default 5 min); older nonces get `stale=true`. */
  readonly nonceLifetimeMs?: number;
  /**
   * Store-and-forward messaging (issue 3): an out-of-dialog MESSAGE (RFC 3428) to a local user goes
   * here first (stored, answered 202/200, or refused); `onBindingAdded` runs after each REGISTER 200.
   */
  readonly messaging?: SipMessagingHooks;
  /**
   * SUBSCRIBEs the service answers itself (RFC 6665 notifier), e.g. RFC 3842 message-summary for
   * voicemail: offered every authenticated out-of-dialog or refresh SUBSCRIBE to this domain first.
   */
  readonly subscriptions?: SipSubscriptionHooks;
  /**
   * Ring time of one callee in ms (voicemail's per-user setting) before the no-answer outcome
   * (divert or 408); `undefined` means `noAnswerTimeoutMs`.
   */
  readonly ringTimeoutMs?: (calleeUsername: string) => number | undefined;
}

export interface SipService {
  /** Accepts WebSocket upgrades on `path` (default `/sip`) of this HTTP server. */
  attach(server: HttpServer, path?: string): void;
  /** Presence of a user: offline (no binding), online (≥1 binding), on-call (party to a confirmed INVITE dialog, until BYE or flow close). */
  presenceOf(username: string): PresenceStatus;
  /** Called whenever a user's presence may have changed. Returns an unsubscribe function. */
  onPresenceChange(listener: (username: string) => void): () => void;
  /** Sends a service-originated MESSAGE to every live binding of a user (for MessagingService; absent in fakes). */
  readonly sendToDevices?: DeviceSender;
  /** Closes every WebSocket (1001 going away) and stops timers. */
  close(): Promise<void>;
}
