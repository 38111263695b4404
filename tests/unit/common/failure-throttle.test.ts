import { describe, expect, it } from 'vitest';
import { createFailureThrottle } from '../../../common/failure-throttle.js';

describe('failure throttle (HTTP sign-in, SIP digest answers)', () => {
  it('blocks after 10 failures in a minute and says how long to wait', () => {
    let t = 1_000_000;
    const throttle = createFailureThrottle({ now: () => t });
    for (let i = 0; i < 10; i++) {
      expect(throttle.retryAfterSeconds('alice\n1.2.3.4')).toBe(0);
      throttle.recordFailure('alice\n1.2.3.4');
      t += 1000;
    }
    // The first failure was at 1_000_000; it leaves the window at 1_060_000; now is 1_010_000.
    expect(throttle.retryAfterSeconds('alice\n1.2.3.4')).toBe(50);
    // Other keys are unaffected.
    expect(throttle.retryAfterSeconds('alice\n5.6.7.8')).toBe(0);
    t = 1_060_001;
    expect(throttle.retryAfterSeconds('alice\n1.2.3.4')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const throttle = createFailureThrottle({ maxFailures: 2, now: () => 0 });
    throttle.recordFailure('k');
    throttle.recordSuccess('k');
    throttle.recordFailure('k');
    expect(throttle.retryAfterSeconds('k')).toBe(0);
    throttle.recordFailure('k');
    expect(throttle.retryAfterSeconds('k')).toBeGreaterThan(0);
  });

  it('bounds the number of tracked keys', () => {
    const throttle = createFailureThrottle({ maxFailures: 1, maxKeys: 2, now: () => 0 });
    throttle.recordFailure('a');
    throttle.recordFailure('b');
    throttle.recordFailure('c');
    expect(throttle.retryAfterSeconds('a')).toBe(0);
    expect(throttle.retryAfterSeconds('c')).toBeGreaterThan(0);
  });
});
