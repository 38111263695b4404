import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../../server/src/accounts/password-hash.js';

// Small parameters keep the unit test fast; the real defaults are exercised by the integration tests.
const FAST = { N: 1024, r: 8, p: 1, keylen: 64 };

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', FAST);
    expect(stored.hash).toMatch(/^[0-9a-f]{128}$/);
    expect(JSON.parse(stored.params)).toEqual(FAST);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const a = await hashPassword('same password', FAST);
    const b = await hashPassword('same password', FAST);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('uses the default cost when not told otherwise', async () => {
    const stored = await hashPassword('default cost');
    expect(JSON.parse(stored.params)).toEqual({ N: 16384, r: 8, p: 1, keylen: 64 });
    expect(await verifyPassword('default cost', stored)).toBe(true);
  });

  it('says no (and does not throw) for malformed records', async () => {
    const stored = await hashPassword('x'.repeat(10), FAST);
    expect(await verifyPassword('x'.repeat(10), { ...stored, params: 'not json' })).toBe(false);
    expect(await verifyPassword('x'.repeat(10), { ...stored, params: '{"N":0}' })).toBe(false);
    expect(await verifyPassword('x'.repeat(10), { ...stored, hash: 'abcd' })).toBe(false);
  });

  it('normalizes Unicode so the same visible password matches', async () => {
    const stored = await hashPassword('caf\u00e9-password', FAST);
    expect(await verifyPassword('cafe\u0301-password', stored)).toBe(true);
  });
});
