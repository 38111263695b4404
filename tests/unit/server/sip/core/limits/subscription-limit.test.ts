import { describe, expect, it } from 'vitest';
import { SubscriptionLimit } from '../../../../../../server/src/sip/core/limits/subscription-limit.js';

const key = (i: number) => ({ user: 'alice', callId: `c${i}`, fromTag: 't', event: 'presence' });

describe('SubscriptionLimit', () => {
  it('refuses a new subscription past the cap; refreshes, unsubscribes and expiry free or keep slots', () => {
    let now = 0;
    const limit = new SubscriptionLimit(2, () => now);
    expect(limit.admit(key(1), 'f1', false, 60)).toBe(true);
    expect(limit.admit(key(2), 'f1', false, 600)).toBe(true);
    expect(limit.admit(key(3), 'f1', false, 60)).toBe(false);
    expect(limit.admit(key(1), 'f1', true, 60)).toBe(true); // refresh
    expect(limit.admit(key(1), 'f1', true, 0)).toBe(true); // unsubscribe frees a slot
    expect(limit.admit(key(3), 'f2', false, 60)).toBe(true);
    expect(limit.count('alice')).toBe(2);
    now = 61_000; // key 3 expired
    expect(limit.count('alice')).toBe(1);
    limit.flowClosed('f1');
    expect(limit.count('alice')).toBe(0);
    expect(limit.count('bob')).toBe(0);
  });
});
