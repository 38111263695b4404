/**
 * Limits failed digest answers per (username, client address), like HTTP sign-in does: after
 * `maxFailures` failures within `windowMs`, further answers are refused (403) until the oldest failure
 * leaves the window, so SIP is no side door for online password guessing. A success clears the key.
 */
import type { AuthThrottle } from './authenticator.js';

export interface AuthThrottleOptions {
  readonly maxFailures?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
  /** Upper bound on tracked keys, so a flood of distinct names cannot grow memory without limit. */
  readonly maxKeys?: number;
}

export function createAuthThrottle(options: AuthThrottleOptions = {}): AuthThrottle {
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
        const first = failures.keys().next(); // Map iteration is insertion order: drop the oldest key
        if (first.done !== true) failures.delete(first.value);
      }
    },
    recordSuccess(key) {
      failures.delete(key);
    },
  };
}
