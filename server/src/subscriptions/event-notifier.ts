/**
 * The notifier side of SIP-specific event notification (RFC 6665), one per event package: the
 * subscription table, the SUBSCRIBE answers, the NOTIFYs and their expiry. A package (RFC 3842
 * `message-summary`, RFC 3856 `presence`) gives only what differs: which resource a SUBSCRIBE watches
 * (and whether the subscriber may), and the body of a NOTIFY.
 *
 * ```
 *  SUBSCRIBE (Expires n>0) ──▶ 200 + NOTIFY active ──▶ [active] ──change──▶ NOTIFY active
 *                                                        │  ▲ refresh SUBSCRIBE: 200 + NOTIFY
 *           expiry / Expires: 0 / NOTIFY answered ≥300 / flow closed
 *                                                        ▼
 *                                           NOTIFY terminated (when the flow lives) → gone
 * ```
 * Every live subscription of a notifier is in one table (`subscriptions` below); `count()` and
 * `countOf(subscriber)` read it, which is where a per-user cap belongs.
 * Structural types only (`SipSubscriptionHooks` of the SIP room), so this folder owns no SIP parsing.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../common/logger.js';
import type { LocalSubscribeRequest, SipSubscriptionHooks } from '../sip/sip-service-contract.js';

/** Why a new subscription is refused (a SIP final response), or the resource it watches. */
export type ResourceDecision =
  | { readonly ok: true; readonly resource: string }
  | { readonly ok: false; readonly status: number; readonly reason?: string };

export interface EventPackage {
  /** Event package name, lowercased (RFC 6665 §8.2.1), e.g. `presence`. */
  readonly event: string;
  readonly contentType: string;
  /** The resource a new (out-of-dialog) SUBSCRIBE watches, or its refusal (may look up a store). */
  resource(request: LocalSubscribeRequest): ResourceDecision | Promise<ResourceDecision>;
  /** The NOTIFY body for the resource's state now (may read a store). */
  body(resource: string): string | Promise<string>;
}

export interface EventNotifierOptions {
  readonly domain: string;
  readonly package: EventPackage;
  readonly logger: Logger;
  /** Subscription length bounds, seconds (RFC 6665 §4.2.1.1). Defaults 60 and 3600. */
  readonly minExpiresSec?: number;
  readonly maxExpiresSec?: number;
}

export interface EventNotifier extends SipSubscriptionHooks {
  /** The resource's state may have changed: NOTIFY every subscription to it. */
  changed(resource: string): void;
  /** Live subscriptions. */
  count(): number;
  /** Live subscriptions held by one subscriber (the authenticated user). */
  countOf(subscriber: string): number;
  /** Ends every subscription quietly (service shutdown: the flows close next). */
  close(): void;
}

interface Subscription {
  readonly key: string;
  /** The authenticated user who subscribed. */
  readonly subscriber: string;
  /** What is watched (a username). */
  readonly resource: string;
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

export function createEventNotifier(options: EventNotifierOptions): EventNotifier {
  const { domain, logger, package: pkg } = options;
  const minExpires = options.minExpiresSec ?? 60;
  const maxExpires = options.maxExpiresSec ?? 3600;
  /** Every live subscription of this package, by dialog (Call-ID, their tag, our tag). */
  const subscriptions = new Map<string, Subscription>();
  /** Our NOTIFYs in flight: Via branch → subscription key. */
  const pending = new Map<string, string>();
  let closed = false;
  const keyOf = (callId: string, remoteTag: string, localTag: string): string =>
    `${callId}|${remoteTag}|${localTag}`;

  const remove = (sub: Subscription): void => {
    if (sub.timer) clearTimeout(sub.timer);
    subscriptions.delete(sub.key);
  };

  const notify = (sub: Subscription, state: 'active' | 'terminated'): void => {
    const body = pkg.body(sub.resource);
    if (typeof body === 'string') {
      send(sub, state, body);
      return;
    }
    body.then(
      (text) => {
        if (!closed) send(sub, state, text);
      },
      (error: unknown) =>
        logger.warn({ tnx: `${pkg.event}-notify`, resource: sub.resource, err: String(error) }, 'no body'),
    );
  };

  const send = (sub: Subscription, state: 'active' | 'terminated', body: string): void => {
    const branch = `z9hG4bK${randomBytes(10).toString('hex')}`;
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
      `Event: ${pkg.event}`,
      `Subscription-State: ${state === 'active' ? `active;expires=${remaining}` : 'terminated;reason=timeout'}`,
      `Content-Type: ${pkg.contentType}`,
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
      logger.debug({ tnx: `${pkg.event}-expired`, subscriber: sub.subscriber }, 'subscription expired');
      notify(sub, 'terminated');
      remove(sub);
    }, expiresSec * 1000);
    sub.timer.unref();
  };

  /** A new subscription (no To tag) once its resource is known to be allowed. */
  const start = (req: LocalSubscribeRequest, resource: string, expires: number): void => {
    const target = req.contact ? contactUri(req.contact) : undefined;
    if (!target || !req.fromTag) {
      req.respond(400, [], 'Bad Request (Missing Contact or From Tag)');
      return;
    }
    const key = keyOf(req.callId, req.fromTag, req.localTag);
    const sub: Subscription = {
      key,
      subscriber: req.user,
      resource,
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
      return;
    }
    subscriptions.set(key, sub);
    arm(sub, expires);
    logger.debug({ tnx: `${pkg.event}-subscribe`, subscriber: req.user, resource, expires }, 'subscription');
    notify(sub, 'active');
  };

  return {
    handleSubscribe(req: LocalSubscribeRequest): boolean {
      if (req.event !== pkg.event || closed) return false;
      const requested = req.expires ?? maxExpires;
      // RFC 6665 §4.2.1.1: too short → 423 with Min-Expires; 0 = fetch or unsubscribe.
      if (requested > 0 && requested < minExpires) {
        req.respond(423, [{ name: 'Min-Expires', value: String(minExpires) }]);
        return true;
      }
      const expires = Math.min(requested, maxExpires);
      if (req.toTag !== undefined) {
        // A refresh or an unsubscribe inside the subscription dialog (RFC 6665 §4.1.2.2–§4.1.2.3).
        const sub = subscriptions.get(keyOf(req.callId, req.fromTag ?? '', req.toTag));
        if (!sub || sub.subscriber !== req.user) {
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
      const decided = pkg.resource(req);
      const go = (d: ResourceDecision): void => {
        if (d.ok) start(req, d.resource, expires);
        else req.respond(d.status, [], d.reason);
      };
      if (!(decided instanceof Promise)) go(decided);
      else
        decided.then(go, (error: unknown) => {
          logger.warn({ tnx: `${pkg.event}-subscribe`, err: String(error) }, 'resource lookup failed');
          req.respond(503, [{ name: 'Retry-After', value: '5' }]);
        });
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

    changed(resource: string): void {
      for (const sub of [...subscriptions.values()]) if (sub.resource === resource) notify(sub, 'active');
    },

    count: () => subscriptions.size,

    countOf(subscriber: string): number {
      let n = 0;
      for (const sub of subscriptions.values()) if (sub.subscriber === subscriber) n += 1;
      return n;
    },

    close(): void {
      closed = true;
      for (const sub of [...subscriptions.values()]) remove(sub);
      pending.clear();
    },
  };
}
