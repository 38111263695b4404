import { describe, expect, it } from 'vitest';
import { randomBytesPooled, randomHex } from '../../../../../server/src/sip/message/random-token.js';

describe('pooled random tokens (tags, branches, nonces)', () => {
  it('gives hex of the asked length, never the same twice, across pool refills', () => {
    const seen = new Set<string>();
    // 5 bytes per tag: 4096 / 5 ≈ 819 per pool, so 5,000 tokens cross several refills.
    for (let i = 0; i < 5000; i++) {
      const tag = randomHex(5);
      expect(tag).toMatch(/^[0-9a-f]{10}$/);
      seen.add(tag);
    }
    expect(seen.size).toBe(5000);
  });

  it('hands out copies: a returned buffer does not change when more tokens are drawn', () => {
    const a = randomBytesPooled(9);
    const copy = Buffer.from(a);
    for (let i = 0; i < 1000; i++) randomBytesPooled(9);
    expect(a.equals(copy)).toBe(true);
    expect(randomBytesPooled(5000)).toHaveLength(5000);
  });
});
