/**
 * Presence over SIP for any SIP client (RFC 3856): a SUBSCRIBE with `Event: presence` to
 * `sip:user@DOMAIN` is answered by the service (the presence agent, RFC 3856 §3) with 200 and a NOTIFY
 * carrying the user's PIDF document (./pidf.ts), again on every change of what others see (status,
 * note, registered or not, ringing, in a call), and with `Subscription-State: terminated` at expiry or
 * on `Expires: 0`. The RFC 6665 machinery is the shared notifier (server/src/subscriptions).
 *
 * Authorization (RFC 3856 §6.6): any authenticated user of this service may watch any other user of it,
 * exactly what the directory shows every signed-in user; an unknown user is 404.
 */
import type { Logger } from '../../../common/logger.js';
import { shownPresence, type UserStatus } from '../../../common/presence-types.js';
import type { PresenceStatus } from '../../../common/api-types.js';
import { createEventNotifier, type EventNotifier } from '../subscriptions/event-notifier.js';
import { buildPidf, PIDF_CONTENT_TYPE } from './pidf.js';

export const PRESENCE_EVENT = 'presence';

export interface PresenceNotifierOptions {
  readonly domain: string;
  readonly logger: Logger;
  readonly userExists: (username: string) => Promise<boolean>;
  readonly presenceOf: (username: string) => PresenceStatus;
  readonly statusOf: (username: string) => UserStatus;
  readonly minExpiresSec?: number;
  readonly maxExpiresSec?: number;
}

export function createPresenceNotifier(options: PresenceNotifierOptions): EventNotifier {
  const { domain } = options;
  return createEventNotifier({
    domain,
    logger: options.logger,
    ...(options.minExpiresSec !== undefined ? { minExpiresSec: options.minExpiresSec } : {}),
    ...(options.maxExpiresSec !== undefined ? { maxExpiresSec: options.maxExpiresSec } : {}),
    package: {
      event: PRESENCE_EVENT,
      contentType: PIDF_CONTENT_TYPE,
      async resource(req) {
        const user = req.ruriUser;
        if (!user || !(await options.userExists(user))) {
          return { ok: false, status: 404, reason: 'Not Found (No Such User)' };
        }
        return { ok: true, resource: user };
      },
      body(user) {
        const status = options.statusOf(user);
        return buildPidf({
          entity: `sip:${user}@${domain}`,
          shown: shownPresence(options.presenceOf(user), status),
          note: status.note,
        });
      },
    },
  });
}
