/**
 * Per-user send limit: a token bucket (burst `burst`, refilled at `perSecond`). When empty the service
 * refuses with 503 and a Retry-After (RFC 3261 §21.5.4, §20.33; SIP has no 429).
 */
export interface RateLimitOptions {
  /** Messages a user may send at once (default 20). */
  readonly burst: number;
  /** Sustained messages per second (default 20). */
  readonly perSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { burst: 20, perSecond: 20 };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  /** Senders with a bucket (introspection; capped at 10 000, full buckets swept first). */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token. Returns 0 when allowed, else the seconds to wait (≥ 1, for Retry-After). */
  take(key: string): number {
    const now = this.now();
    const bucket = this.refill(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond));
  }

  private refill(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= 10_000) this.sweep(now);
      bucket = { tokens: this.options.burst, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + elapsed * this.options.perSecond);
    bucket.at = now;
    return bucket;
  }

  /** Forgets buckets that are full again (they behave exactly like new ones). */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.options.perSecond >= this.options.burst)
        this.buckets.delete(key);
    }
  }
}
