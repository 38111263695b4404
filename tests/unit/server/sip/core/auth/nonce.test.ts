import { describe, expect, it } from 'vitest';
import { createNonceManager } from '../../../../../../server/src/sip/core/auth/nonce.js';

describe('stateless nonces', () => {
  const secret = Buffer.alloc(32, 7);

  it('are valid while fresh, stale once expired, invalid when forged or from another secret', () => {
    let now = 1_000_000;
    const nonces = createNonceManager({ secret, lifetimeMs: 60_000, now: () => now });
    const n = nonces.issue();
    expect(nonces.check(n)).toBe('valid');
    now += 60_000;
    expect(nonces.check(n)).toBe('valid');
    now += 1;
    expect(nonces.check(n)).toBe('stale');
    const [t, r, mac] = n.split('.');
    expect(nonces.check(`${t}.${r}x.${mac}`)).toBe('invalid');
    expect(nonces.check(`${(now + 5).toString(36)}.${r}.${mac}`)).toBe('invalid');
    expect(nonces.check('garbage')).toBe('invalid');
    const other = createNonceManager({ secret: Buffer.alloc(32, 8), now: () => now });
    expect(other.check(nonces.issue())).toBe('invalid');
  });

  it('never treats a nonce from the future (clock moved back) as valid', () => {
    let now = 5_000_000;
    const nonces = createNonceManager({ secret, now: () => now });
    const n = nonces.issue();
    now -= 10_000;
    expect(nonces.check(n)).toBe('stale');
  });
});
