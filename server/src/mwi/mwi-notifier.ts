/**
 * Message Waiting Indication (RFC 3842) served by the service itself: the `message-summary` event
 * package over RFC 6665 subscriptions. A device SUBSCRIBEs to its user's own address of record; the
 * service answers 200 and NOTIFYs an `application/simple-message-summary` body at once, again on every
 * change of the user's voicemail counts, and with `Subscription-State: terminated` when the
 * subscription expires or is ended (Expires: 0).
 *
 * ```
 *  SUBSCRIBE (Expires n>0) ──▶ 200 + NOTIFY active ──▶ [active] ──change──▶ NOTIFY active
 *                                                        │  ▲ refresh SUBSCRIBE: 200 + NOTIFY
 *           expiry / Expires: 0 / NOTIFY answered ≥300 / flow closed
 *                                                        ▼
 *                                           NOTIFY terminated (when the flow lives) → gone
 * ```
 * The subscription machinery is the shared RFC 6665 notifier (server/src/subscriptions/event-notifier.ts);
 * this file gives it the package: the user's own mailbox only, and the RFC 3842 body.
 */
import type { Logger } from '../../../common/logger.js';
import { createEventNotifier, type EventNotifier } from '../subscriptions/event-notifier.js';

export const MWI_EVENT = 'message-summary';
export const MWI_CONTENT_TYPE = 'application/simple-message-summary';

export interface MessageSummary {
  readonly newCount: number;
  readonly totalCount: number;
}

export interface MwiNotifierOptions {
  readonly domain: string;
  /** The user's voicemail counts now (read from the store, hence possibly a promise). */
  summaryOf(username: string): MessageSummary | Promise<MessageSummary>;
  readonly logger: Logger;
  /** Subscription length bounds, seconds (RFC 6665 §4.2.1.1). Defaults 60 and 3600. */
  readonly minExpiresSec?: number;
  readonly maxExpiresSec?: number;
}

/** `changed(username)`: the user's counts may have changed, NOTIFY every subscription of theirs. */
export type MwiNotifier = EventNotifier;

/** RFC 3842 §5.2 body: `Voice-Message: new/old`. */
export function messageSummaryBody(account: string, summary: MessageSummary): string {
  const old = Math.max(0, summary.totalCount - summary.newCount);
  return [
    `Messages-Waiting: ${summary.newCount > 0 ? 'yes' : 'no'}`,
    `Message-Account: ${account}`,
    `Voice-Message: ${summary.newCount}/${old}`,
    '',
  ].join('\r\n');
}

export function createMwiNotifier(options: MwiNotifierOptions): MwiNotifier {
  const { domain } = options;
  const body = (user: string): string | Promise<string> => {
    const account = `sip:${user}@${domain}`;
    const summary = options.summaryOf(user);
    return summary instanceof Promise
      ? summary.then((counts) => messageSummaryBody(account, counts))
      : messageSummaryBody(account, summary);
  };
  return createEventNotifier({
    domain,
    logger: options.logger,
    ...(options.minExpiresSec !== undefined ? { minExpiresSec: options.minExpiresSec } : {}),
    ...(options.maxExpiresSec !== undefined ? { maxExpiresSec: options.maxExpiresSec } : {}),
    package: {
      event: MWI_EVENT,
      contentType: MWI_CONTENT_TYPE,
      // RFC 3842 §3: a user's own message summary only.
      resource: (req) =>
        req.ruriUser === req.user
          ? { ok: true, resource: req.user }
          : { ok: false, status: 403, reason: 'Forbidden (Only Your Own Mailbox)' },
      body,
    },
  });
}
