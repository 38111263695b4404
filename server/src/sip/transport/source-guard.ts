/**
 * Per-source limits with a ban that expires, in the manner of Kamailio's `pike` module: every source
 * address has a budget of connections, of messages per second and of unauthenticated requests per second
 * (those answered 401/407/403, and malformed messages); a source that goes over a rate budget is banned for `banSeconds`, during
 * which its connections are refused or closed and its datagrams dropped before they are parsed. A flood
 * from one address therefore costs the service little more than reading it off the socket, and other
 * sources keep being served.
 *
 * Rates are counted in fixed one-second windows (pike's "sampling time unit"). Memory is bounded: at most
 * `maxTrackedSources` addresses are counted at once (the oldest window is forgotten first).
 */

export interface SourceLimits {
  /** Open connections (WebSocket, TCP, TLS) one address may hold; further ones are refused. */
  readonly maxConnectionsPerSource: number;
  /** SIP messages per second from one address (any transport) before it is banned. */
  readonly maxMessagesPerSecond: number;
  /** Requests per second from one address that fail authentication (401/407/403) before it is banned. */
  readonly maxUnauthenticatedPerSecond: number;
  /** How long a ban lasts. */
  readonly banSeconds: number;
}

/** Defaults a small company never reaches, even with all its phones behind one NAT address. */
export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxConnectionsPerSource: 500,
  maxMessagesPerSecond: 1000,
  maxUnauthenticatedPerSecond: 200,
  banSeconds: 60,
};

export interface SourceGuardOptions {
  readonly limits: SourceLimits;
  readonly now?: () => number;
  readonly maxTrackedSources?: number;
  /** Told once when an address is banned (to close its open flows, and to log). */
  readonly onBan?: (address: string, why: string) => void;
}

interface Window {
  start: number;
  messages: number;
  unauthenticated: number;
}

export class SourceGuard {
  private readonly limits: SourceLimits;
  private readonly now: () => number;
  private readonly maxTracked: number;
  private readonly windows = new Map<string, Window>();
  private readonly connections = new Map<string, number>();
  private readonly bans = new Map<string, number>();

  constructor(private readonly options: SourceGuardOptions) {
    this.limits = options.limits;
    this.now = options.now ?? Date.now;
    this.maxTracked = options.maxTrackedSources ?? 100_000;
  }

  /** Whether `address` is banned now (an expired ban is forgotten). */
  isBanned(address: string): boolean {
    const until = this.bans.get(address);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.bans.delete(address);
    return false;
  }

  /**
   * A new connection from `address`: false (refuse it) when banned or at its connection cap. Each attempt
   * counts as a message toward the rate, so a source that connects, sends one bad message and reconnects
   * in a loop is banned like one that floods a single connection.
   */
  admitConnection(address: string): boolean {
    if (!this.admitMessage(address)) return false;
    return (this.connections.get(address) ?? 0) < this.limits.maxConnectionsPerSource;
  }

  /** Whether `address` may hold one more connection now, without counting an attempt. */
  hasConnectionRoom(address: string): boolean {
    return (
      !this.isBanned(address) && (this.connections.get(address) ?? 0) < this.limits.maxConnectionsPerSource
    );
  }

  connectionOpened(address: string): void {
    this.connections.set(address, (this.connections.get(address) ?? 0) + 1);
  }

  connectionClosed(address: string): void {
    const n = (this.connections.get(address) ?? 0) - 1;
    if (n > 0) this.connections.set(address, n);
    else this.connections.delete(address);
  }

  /** One message from `address`: false (drop it) when the source is banned or this one bans it. */
  admitMessage(address: string): boolean {
    if (this.isBanned(address)) return false;
    const w = this.window(address);
    w.messages++;
    if (w.messages > this.limits.maxMessagesPerSecond) {
      this.ban(address, 'too many messages per second');
      return false;
    }
    return true;
  }

  /** A request from `address` failed authentication. */
  unauthenticated(address: string): void {
    if (this.isBanned(address)) return;
    const w = this.window(address);
    w.unauthenticated++;
    if (w.unauthenticated > this.limits.maxUnauthenticatedPerSecond) {
      this.ban(address, 'too many unauthenticated requests per second');
    }
  }

  /** Source addresses tracked in any table (introspection). */
  get tracked(): number {
    return this.windows.size + this.connections.size + this.bans.size;
  }

  /** Addresses banned now (tests, metrics). */
  banned(): string[] {
    return [...this.bans.keys()].filter((a) => this.isBanned(a));
  }

  private ban(address: string, why: string): void {
    this.bans.set(address, this.now() + this.limits.banSeconds * 1000);
    this.windows.delete(address);
    if (this.bans.size > this.maxTracked) {
      const oldest = this.bans.keys().next();
      if (oldest.done !== true) this.bans.delete(oldest.value);
    }
    this.options.onBan?.(address, why);
  }

  private window(address: string): Window {
    const t = this.now();
    let w = this.windows.get(address);
    if (w === undefined || t - w.start >= 1000) {
      if (w !== undefined) this.windows.delete(address);
      w = { start: t, messages: 0, unauthenticated: 0 };
      // Re-inserted at the end: the first key is the least recently restarted window.
      this.windows.set(address, w);
      if (this.windows.size > this.maxTracked) {
        const oldest = this.windows.keys().next();
        if (oldest.done !== true) this.windows.delete(oldest.value);
      }
    }
    return w;
  }
}
