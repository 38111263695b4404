/**
 * Limits failed attempts per key: after `maxFailures` failures within `windowMs`, further attempts
 * are refused until the oldest failure leaves the window; a success clears the key. One mechanism for
 * HTTP sign-in (per username and client address: 429 with Retry-After, RFC 6585 §4) and SIP digest
 * answers (likewise: 403), so SIP is no side door around the sign-in limit.
 */
export interface FailureThrottle {
  /** Seconds to wait if `key` is blocked now, else 0. */
  retryAfterSeconds(key: string): number;
  recordFailure(key: string): void;
  recordSuccess(key: string): void;
}

export interface FailureThrottleOptions {
  readonly maxFailures?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
  /** Upper bound on tracked keys, so a flood of distinct names cannot grow memory without limit. */
  readonly maxKeys?: number;
}

export function createFailureThrottle(options: FailureThrottleOptions = {}): FailureThrottle {
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
