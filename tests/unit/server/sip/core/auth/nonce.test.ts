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

describe('nonce table', () => {
  const secret = Buffer.alloc(32, 7);

  it('binds a nonce to the flow it was issued to', () => {
    const nonces = createNonceManager({ secret });
    const n = nonces.issue('WS flow-a');
    expect(nonces.check(n, 'WS flow-a')).toBe('valid');
    expect(nonces.check(n, 'WS flow-b')).toBe('invalid');
    expect(nonces.check(n)).toBe('invalid');
  });

  it('accepts each nonce count once, only growing', () => {
    const nonces = createNonceManager({ secret });
    const n = nonces.issue();
    expect(nonces.use(n, 1)).toBe(true);
    expect(nonces.use(n, 1)).toBe(false);
    expect(nonces.use(n, 3)).toBe(true);
    expect(nonces.use(n, 2)).toBe(false);
    expect(nonces.use('not-issued', 1)).toBe(false);
  });

  it('is bounded: past the cap the oldest is forgotten (stale, so its user retries), and expired ones go', () => {
    let now = 0;
    const nonces = createNonceManager({ secret, maxEntries: 3, lifetimeMs: 1000, now: () => now });
    const first = nonces.issue();
    const rest = [nonces.issue(), nonces.issue(), nonces.issue()];
    expect(nonces.size()).toBe(3);
    expect(nonces.check(first)).toBe('stale');
    expect(nonces.use(first, 1)).toBe(false);
    for (const n of rest) expect(nonces.check(n)).toBe('valid');
    now = 2000;
    nonces.issue();
    expect(nonces.size()).toBe(1);
  });
});
