/**
 * Limits failed sign-ins per (username, client address): after `maxFailures` failures within
 * `windowMs`, further attempts are refused until the oldest failure leaves the window
 * (HTTP 429 with Retry-After, RFC 6585 §4). A success clears the key.
 */
export interface SignInThrottle {
  /** Seconds to wait if `key` is blocked now, else 0. */
  retryAfterSeconds(key: string): number;
  recordFailure(key: string): void;
  recordSuccess(key: string): void;
}

export interface SignInThrottleOptions {
  readonly maxFailures?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
  /** Upper bound on tracked keys, so a flood of distinct names cannot grow memory without limit. */
  readonly maxKeys?: number;
}

export function createSignInThrottle(options: SignInThrottleOptions = {}): SignInThrottle {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const cutoff = now() - windowMs;
    const list = (failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };

  return {
    retryAfterSeconds(key) {
      const list = recent(key);
      if (list.length < maxFailures) return 0;
      const oldest = list[list.length - maxFailures]!;
      return Math.max(1, Math.ceil((oldest + windowMs - now()) / 1000));
    },
    recordFailure(key) {
      const list = recent(key);
      list.push(now());
      if (list.length > maxFailures) list.splice(0, list.length - maxFailures);
      failures.set(key, list);
      if (failures.size > maxKeys) {
        // Map iteration is insertion order: drop the oldest key.
        const first = failures.keys().next();
        if (first.done !== true) failures.delete(first.value);
      }
    },
    recordSuccess(key) {
      failures.delete(key);
    },
  };
}
