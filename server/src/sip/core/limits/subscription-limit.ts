/**
 * At most `maxPerUser` live subscriptions per user (RFC 6665 §4.1 SUBSCRIBE dialogs), whoever the
 * notifier is (the service itself for message-summary, or another user's device). A new SUBSCRIBE (no To
 * tag) past the cap is refused with `403 Forbidden (Too Many Subscriptions)` (RFC 6665 §4.2.1.1 lets the
 * notifier refuse by policy); refreshes and `Expires: 0` always pass. A subscription counts from its
 * SUBSCRIBE until its Expires runs out, an `Expires: 0` ends it, or the flow it came on closes.
 */

export interface SubscriptionKey {
  readonly user: string;
  readonly callId: string;
  readonly fromTag: string;
  readonly event: string;
}

interface Entry {
  readonly flowId: string;
  readonly expiresAt: number;
}

export class SubscriptionLimit {
  private readonly byUser = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly maxPerUser: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A SUBSCRIBE from `key.user` on `flowId`: `inDialog` when it carries a To tag (a refresh), `expires` in
   * seconds (0 ends it). False when it would start a subscription past the cap.
   */
  admit(key: SubscriptionKey, flowId: string, inDialog: boolean, expires: number): boolean {
    const id = `${key.callId}\n${key.fromTag}\n${key.event.toLowerCase()}`;
    const live = this.live(key.user);
    if (expires === 0) {
      live.delete(id);
      this.tidy(key.user, live);
      return true;
    }
    if (!live.has(id) && !inDialog && live.size >= this.maxPerUser) return false;
    live.set(id, { flowId, expiresAt: this.now() + expires * 1000 });
    this.byUser.set(key.user, live);
    return true;
  }

  /** Live subscriptions of a user (tests). */
  count(user: string): number {
    const live = this.live(user);
    this.tidy(user, live);
    return live.size;
  }

  /** Subscriptions held for every user, expired ones not yet swept included (introspection). */
  get size(): number {
    let n = 0;
    for (const live of this.byUser.values()) n += live.size;
    return n;
  }

  /** Forgets expired subscriptions of every user (the service's sweeper). */
  sweep(): void {
    for (const user of [...this.byUser.keys()]) this.tidy(user, this.live(user));
  }

  flowClosed(flowId: string): void {
    for (const [user, live] of this.byUser) {
      for (const [id, e] of live) if (e.flowId === flowId) live.delete(id);
      this.tidy(user, live);
    }
  }

  private live(user: string): Map<string, Entry> {
    const live = this.byUser.get(user) ?? new Map<string, Entry>();
    const t = this.now();
    for (const [id, e] of live) if (e.expiresAt <= t) live.delete(id);
    return live;
  }

  private tidy(user: string, live: Map<string, Entry>): void {
    if (live.size === 0) this.byUser.delete(user);
  }
}
