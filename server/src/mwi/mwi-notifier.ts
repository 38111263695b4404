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
 * Structural types only (`SipSubscriptionHooks` of the SIP room), so this folder owns no SIP parsing.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../common/logger.js';
import type { LocalSubscribeRequest, SipSubscriptionHooks } from '../sip/sip-service-contract.js';

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

export interface MwiNotifier extends SipSubscriptionHooks {
  /** The user's counts may have changed: NOTIFY every subscription of theirs. */
  changed(username: string): void;
  /** Live subscriptions (tests, logs). */
  count(): number;
  /** Ends every subscription quietly (service shutdown: the flows close next). */
  close(): void;
}

interface Subscription {
  readonly key: string;
  readonly user: string;
  readonly callId: string;
  /** Our From (their To + our tag) and their From (with their tag) for the NOTIFYs. */
  readonly localUri: string;
  readonly remote: string;
  readonly target: string;
  readonly flowId: string;
  readonly transport: string;
  /** Our Via sent-by and Contact host on the subscriber's flow (a listener's host:port on UDP/TCP/TLS). */
  readonly sentBy: string;
  send(text: string): boolean;
  cseq: number;
  expiresAt: number;
  timer: NodeJS.Timeout | undefined;
}

/** A header value that cannot inject a line. */
const clean = (value: string): string => value.replace(/[\r\n]+/g, ' ');

/** The URI inside `<…>` of a Contact value, or the value up to its first `;`. */
function contactUri(contact: string): string | undefined {
  const angle = /<([^>]+)>/.exec(contact);
  const uri = (angle ? angle[1] : contact.split(';')[0])?.trim();
  return uri && /^sips?:/i.test(uri) ? uri : undefined;
}

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
  const { domain, logger } = options;
  const minExpires = options.minExpiresSec ?? 60;
  const maxExpires = options.maxExpiresSec ?? 3600;
  const subscriptions = new Map<string, Subscription>();
  /** Our NOTIFYs in flight: Via branch → subscription key. */
  const pending = new Map<string, string>();
  const keyOf = (callId: string, remoteTag: string, localTag: string): string =>
    `${callId}|${remoteTag}|${localTag}`;

  const remove = (sub: Subscription): void => {
    if (sub.timer) clearTimeout(sub.timer);
    subscriptions.delete(sub.key);
  };

  const notify = (sub: Subscription, state: 'active' | 'terminated'): void => {
    const summary = options.summaryOf(sub.user);
    if (!(summary instanceof Promise)) {
      send(sub, state, summary);
      return;
    }
    summary.then(
      (counts) => send(sub, state, counts),
      (error: unknown) =>
        logger.warn({ tnx: 'mwi-notify', user: sub.user, err: String(error) }, 'no summary'),
    );
  };

  const send = (sub: Subscription, state: 'active' | 'terminated', summary: MessageSummary): void => {
    const branch = `z9hG4bK${randomBytes(10).toString('hex')}`;
    const account = `sip:${sub.user}@${domain}`;
    const body = messageSummaryBody(account, summary);
    const remaining = Math.max(0, Math.round((sub.expiresAt - Date.now()) / 1000));
    sub.cseq += 1;
    const lines = [
      `NOTIFY ${clean(sub.target)} SIP/2.0`,
      // A plain phone answers to our Via sent-by (RFC 3261 §18.2.2): the listener it reached, not the domain.
      `Via: SIP/2.0/${sub.transport} ${sub.sentBy};branch=${branch}`,
      'Max-Forwards: 70',
      `From: ${clean(sub.localUri)}`,
      `To: ${clean(sub.remote)}`,
      `Call-ID: ${clean(sub.callId)}`,
      `CSeq: ${sub.cseq} NOTIFY`,
      `Contact: <sip:${sub.sentBy};transport=${sub.transport.toLowerCase()}>`,
      `Event: ${MWI_EVENT}`,
      `Subscription-State: ${state === 'active' ? `active;expires=${remaining}` : 'terminated;reason=timeout'}`,
      `Content-Type: ${MWI_CONTENT_TYPE}`,
      `Content-Length: ${Buffer.byteLength(body, 'utf8')}`,
    ];
    pending.set(branch, sub.key);
    // Timer F (64·T1, RFC 3261 §17.1.2.2): forget a NOTIFY never answered.
    setTimeout(() => pending.delete(branch), 32_000).unref();
    if (!sub.send(`${lines.join('\r\n')}\r\n\r\n${body}`)) {
      pending.delete(branch);
      remove(sub);
    }
  };

  const arm = (sub: Subscription, expiresSec: number): void => {
    if (sub.timer) clearTimeout(sub.timer);
    sub.expiresAt = Date.now() + expiresSec * 1000;
    sub.timer = setTimeout(() => {
      // RFC 6665 §4.2.2: an expired subscription ends with a terminated NOTIFY.
      logger.debug({ tnx: 'mwi-expired', user: sub.user }, 'mwi subscription expired');
      notify(sub, 'terminated');
      remove(sub);
    }, expiresSec * 1000);
    sub.timer.unref();
  };

  return {
    handleSubscribe(req: LocalSubscribeRequest): boolean {
      if (req.event !== MWI_EVENT) return false;
      const requested = req.expires ?? maxExpires;
      // RFC 6665 §4.2.1.1: too short → 423 with Min-Expires; 0 = fetch or unsubscribe.
      if (requested > 0 && requested < minExpires) {
        req.respond(423, [{ name: 'Min-Expires', value: String(minExpires) }]);
        return true;
      }
      const expires = Math.min(requested, maxExpires);
      if (req.toTag !== undefined) {
        // A refresh or an unsubscribe inside the subscription dialog.
        const sub = subscriptions.get(keyOf(req.callId, req.fromTag ?? '', req.toTag));
        if (!sub || sub.user !== req.user) {
          req.respond(481);
          return true;
        }
        req.respond(200, [{ name: 'Expires', value: String(expires) }]);
        if (expires === 0) {
          notify(sub, 'terminated');
          remove(sub);
        } else {
          arm(sub, expires);
          notify(sub, 'active');
        }
        return true;
      }
      // RFC 3842 §3: a user's own message summary only.
      if (req.ruriUser !== req.user) {
        req.respond(403, [], 'Forbidden (Only Your Own Mailbox)');
        return true;
      }
      const target = req.contact ? contactUri(req.contact) : undefined;
      if (!target || !req.fromTag) {
        req.respond(400, [], 'Bad Request (Missing Contact or From Tag)');
        return true;
      }
      const key = keyOf(req.callId, req.fromTag, req.localTag);
      const sub: Subscription = {
        key,
        user: req.user,
        callId: req.callId,
        localUri: /;\s*tag=/i.test(req.to) ? req.to : `${req.to};tag=${req.localTag}`,
        remote: req.from,
        target,
        flowId: req.flowId,
        transport: req.transport,
        sentBy: req.sentBy ?? domain,
        send: req.send,
        cseq: 0,
        expiresAt: 0,
        timer: undefined,
      };
      req.respond(200, [
        { name: 'Expires', value: String(expires) },
        { name: 'Contact', value: `<sip:${req.sentBy ?? domain};transport=${req.transport.toLowerCase()}>` },
      ]);
      if (expires === 0) {
        // A fetch (RFC 6665 §4.4.3): one NOTIFY with the state, then done.
        notify(sub, 'terminated');
        return true;
      }
      subscriptions.set(key, sub);
      arm(sub, expires);
      logger.debug({ tnx: 'mwi-subscribe', user: req.user, expires }, 'mwi subscription');
      notify(sub, 'active');
      return true;
    },

    onResponse(branch: string, status: number): boolean {
      const key = pending.get(branch);
      if (key === undefined) return false;
      if (status < 200) return true;
      pending.delete(branch);
      const sub = subscriptions.get(key);
      // RFC 6665 §4.2.2: a NOTIFY refused (481 and the like) ends the subscription.
      if (sub && status >= 300) remove(sub);
      return true;
    },

    onFlowClosed(flowId: string): void {
      for (const sub of [...subscriptions.values()]) if (sub.flowId === flowId) remove(sub);
    },

    changed(username: string): void {
      for (const sub of [...subscriptions.values()]) if (sub.user === username) notify(sub, 'active');
    },

    count: () => subscriptions.size,

    close(): void {
      for (const sub of [...subscriptions.values()]) remove(sub);
      pending.clear();
    },
  };
}
