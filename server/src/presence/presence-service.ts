/**
 * Status and presence (issue 13 item 7), wired in one place:
 *
 * ```
 *  PUT /api/me/status ─▶ status book (store, cached) ─┐
 *  SIP room: registered / ringing / in a call ────────┴─▶ presence feed ─▶ SSE `presence` (web client)
 *                                                                      └─▶ presence agent: NOTIFY PIDF
 *  status book ─▶ SIP room `doNotDisturb` (calls go straight to voicemail)
 * ```
 * Order: `create` before the SIP room (it gives the SIP hooks), `attach(sip)` once the SIP room exists,
 * `start` before serving (warms the cache), `close` at shutdown.
 */
import type { Logger } from '../../../common/logger.js';
import type { SipService, SipServiceOptions, SipSubscriptionHooks } from '../sip/sip-service-contract.js';
import type { StatusRepository } from '../store/store.js';
import type { EventNotifier } from '../subscriptions/event-notifier.js';
import { createPresenceFeed, type PresenceFeed } from './presence-feed.js';
import { createPresenceNotifier, PRESENCE_EVENT } from './presence-notifier.js';
import { createStatusBook, type StatusBook } from './status-book.js';

export { PRESENCE_EVENT };

export interface PresenceServiceOptions {
  readonly store: StatusRepository;
  readonly domain: string;
  readonly userExists: (username: string) => Promise<boolean>;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface PresenceService {
  readonly statuses: StatusBook;
  readonly notifier: EventNotifier;
  /** The SIP `presence` package hooks (combine with the others, server/src/subscriptions). */
  readonly subscriptions: SipSubscriptionHooks;
  readonly sipOptions: Pick<SipServiceOptions, 'doNotDisturb'>;
  /** Builds the feed over the SIP room; NOTIFYs go out on its changes. */
  attach(sip: Pick<SipService, 'presenceOf' | 'onPresenceChange'>): PresenceFeed;
  start(): Promise<void>;
  close(): void;
}

export function createPresenceService(options: PresenceServiceOptions): PresenceService {
  const log = options.logger.child({ room: 'presence' });
  const statuses = createStatusBook({ store: options.store, ...(options.now ? { now: options.now } : {}) });
  let feed: PresenceFeed | undefined;
  let unsubscribe: (() => void) | undefined;
  const notifier = createPresenceNotifier({
    domain: options.domain,
    logger: log,
    userExists: options.userExists,
    presenceOf: (u) => feed?.presenceOf(u) ?? 'offline',
    statusOf: (u) => statuses.get(u),
  });
  return {
    statuses,
    notifier,
    subscriptions: notifier,
    sipOptions: { doNotDisturb: (callee) => statuses.isDoNotDisturb(callee) },
    attach(sip) {
      feed = createPresenceFeed(sip, statuses);
      unsubscribe = feed.subscribe((event) => notifier.changed(event.username));
      return feed;
    },
    start: () => statuses.load(),
    close() {
      unsubscribe?.();
      feed?.close();
      notifier.close();
      statuses.close();
    },
  };
}
