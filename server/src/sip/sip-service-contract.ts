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
import type { AuthThrottle } from './core/auth/authenticator.js';
import type { CallObserver } from './core/call-observer.js';
import type { DigestSecretSource } from './core/auth/digest-secrets.js';
import type { DeviceSender } from './core/local/device-sender.js';
import type { GatewayLink, SipGatewayHook } from './core/gateway-hook.js';
import type { SipMessagingHooks } from './core/local/messaging-hook.js';
import type { SipSubscriptionHooks } from './core/local/local-subscribe.js';
import type { MediaRelayHook } from './core/media-relay-hook.js';
import type { TimerSettings } from './transaction/timers.js';
import type { TransactionCounts } from './transaction/transaction-layer.js';
import type { ListenerSpec, SipListenerInfo } from './transport/listeners.js';
import type { SourceLimits } from './transport/source-guard.js';

export type { LocalSubscribeRequest, SipSubscriptionHooks } from './core/local/local-subscribe.js';
export type {
  InboundDecision,
  InboundMessageRequest,
  SipMessagingHooks,
} from './core/local/messaging-hook.js';
export type { DeviceDeliveryReport, DeviceMessage, DeviceSender } from './core/local/device-sender.js';
export type { MediaLeg, MediaProfile, MediaRelayHook } from './core/media-relay-hook.js';
export { MediaRelayError } from './core/media-relay-hook.js';
export type { GatewayLink, GatewayRefusal, SipGatewayHook } from './core/gateway-hook.js';
export type { AuthThrottle } from './core/auth/authenticator.js';
export type { CallAnswer, CallObserver, CallOffer, CallParty } from './core/call-observer.js';
export type { DigestSecrets, DigestSecretSource } from './core/auth/digest-secrets.js';
export type { ListenerSpec, SipListenerInfo } from './transport/listeners.js';
export type { SourceLimits } from './transport/source-guard.js';

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
    why: 'no-answer' | 'busy' | 'declined' | 'offline' | 'dnd',
  ) => string | undefined;
  /**
   * Whether a user is in Do not disturb: an INVITE to them rings no device and goes to `divert(…,
   * 'dnd')` (voicemail) with a 181 `Do Not Disturb` to the caller, or is answered 480 `Do Not Disturb`.
   */
  readonly doNotDisturb?: (calleeUsername: string) => boolean;
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
  /** Limits failed digest answers per (user, address); 10 per minute by default (common/failure-throttle.ts). */
  readonly authThrottle?: AuthThrottle;
  /** Which failed MESSAGE deliveries can never succeed (the messaging room's policy) for `sendToDevices`. */
  readonly isPermanentDeliveryFailure?: (status: number) => boolean;
  /**
   * Plain SIP listeners (RFC 3261 §18): UDP, TCP and TLS (RFC 5630 TLS needs `tls.cert`/`tls.key`, PEM).
   * None by default (WebSocket only). Each binds at `listen()`; a port in use fails it with one line.
   */
  readonly listeners?: readonly ListenerSpec[];
  /** RFC 3261 §17 timer base values (T1, T2, T4); tests shorten T1. */
  readonly timers?: TimerSettings;
  /**
   * Media relay (rtpengine) for calls between WebRTC (WS/WSS) and plain RTP (UDP/TCP/TLS) phones. Without
   * it such calls are refused with 488; calls within one profile never use it.
   */
  readonly mediaRelay?: MediaRelayHook;
  /** Told about every call (dialog-creating INVITE) the proxy forwards: the call history's seam. */
  readonly calls?: CallObserver;
  /**
   * The PSTN gateway (issue 11), built from the link the SIP room gives it: INVITEs to phone numbers go
   * to it through the proxy, trunk traffic is handed to it before authentication (gateway-hook.ts).
   */
  readonly gateway?: (link: GatewayLink) => SipGatewayHook;
  /**
   * Per-source limits and bans (transport/source-guard.ts; defaults `DEFAULT_SOURCE_LIMITS`), `false` for
   * none (load benchmarks from one address).
   */
  readonly sourceLimits?: Partial<SourceLimits> | false;
  /**
   * Reverse proxies (TLS terminators) whose `X-Forwarded-For` names the real client of a WebSocket
   * connection, for per-source limits; loopback (`127.0.0.1`, `::1`) by default.
   */
  readonly trustedProxies?: readonly string[];
  /** Most bindings per user (10 by default): a REGISTER adding more gets 403. */
  readonly maxBindingsPerUser?: number;
  /** Most live subscriptions per user (500 by default): a new SUBSCRIBE past it gets 403. */
  readonly maxSubscriptionsPerUser?: number;
  /** Most digest nonces remembered at once (50 000 by default). */
  readonly maxNonces?: number;
  /** Most header fields in a request (256; 400 above) and largest header section (16 384 bytes; 513). */
  readonly maxHeaderFields?: number;
  readonly maxHeaderBytes?: number;
}

/** Live entries in the SIP room's tables; `bindings` counts those of the users asked about. */
export interface SipTableSizes {
  readonly transactions: TransactionCounts;
  readonly proxy: { readonly servers: number; readonly branches: number };
  readonly dialogs: number;
  readonly bindings: number;
}

/** Entry counts of the SIP room's tables and timers (see README "Caps and expiries"). */
export interface SipIntrospection {
  readonly serverTransactions: number;
  readonly clientTransactions: number;
  readonly transactionTimers: number;
  readonly proxyContexts: number;
  readonly proxyBranches: number;
  /** Finished proxy contexts kept for late responses (each with its clean-up timer). */
  readonly proxyLingering: number;
  readonly dialogs: number;
  readonly ringing: number;
  readonly bindings: number;
  /** Open connection flows (WebSocket, TCP, TLS). */
  readonly flows: number;
  readonly subscriptions: number;
  readonly nonces: number;
  readonly credentialFlows: number;
  readonly flowSuccessions: number;
  /** Service MESSAGEs waiting for a device's answer. */
  readonly deviceRequests: number;
  /** Source addresses tracked by the per-source limits. */
  readonly sources: number;
}

export interface SipService {
  /** Accepts WebSocket upgrades on `path` (default `/sip`) of this HTTP server. */
  attach(server: HttpServer, path?: string): void;
  /** Binds the plain SIP listeners (`listeners`); rejects with one line naming a port in use. */
  listen(): Promise<readonly SipListenerInfo[]>;
  /** The bound plain SIP listeners (after `listen()`), with their SIP URIs. */
  readonly listeners: readonly SipListenerInfo[];
  /** Live transactions (tests check none is left once calls are over). */
  transactionCounts(): TransactionCounts;
  /** Sizes of the SIP room's tables (fuzz and soak tests check they return to their start). */
  tableSizes?(usernames: readonly string[]): SipTableSizes;
  /**
   * Live entries of every SIP table and timer set, by name (server/src/introspection.ts prints them on
   * SIGUSR2; the soak harness checks they return to their start once a load ends). Absent in fakes.
   */
  introspect?(): SipIntrospection;
  /** Presence of a user: offline (no binding), online (≥1 binding), ringing (an INVITE to them is ringing), on-call (party to a confirmed INVITE dialog, until BYE or flow close). */
  presenceOf(username: string): PresenceStatus;
  /** Called whenever a user's presence may have changed. Returns an unsubscribe function. */
  onPresenceChange(listener: (username: string) => void): () => void;
  /** Sends a service-originated MESSAGE to every live binding of a user (for MessagingService; absent in fakes). */
  readonly sendToDevices?: DeviceSender;
  /**
   * Cuts the connections a user's devices are registered on (an operator's "disconnect", and what tests
   * use to drop a client's WebSocket); their calls survive if the devices come back (flow succession,
   * proxy/flow-succession.ts). Returns how many were closed. Absent in fakes.
   */
  disconnectUser?(username: string): number;
  /**
   * A session token was revoked (sign-out, `id` = its hash): every binding made with it ends now, and
   * every connection that authenticated with it is closed (its subscriptions and dialogs end with it).
   * Absent in fakes.
   */
  readonly revokeCredential?: (id: string) => void;
  /** Source addresses banned now (per-source limits). */
  readonly bannedSources?: () => readonly string[];
  /** Closes every WebSocket (1001 going away) and every listener, and stops timers. */
  close(): Promise<void>;
}
