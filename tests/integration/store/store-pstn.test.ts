/**
 * Store contract, PSTN gateway (migration 4): permissions with daily limits and call detail records,
 * the same tests against SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import type { PstnCallRecord } from '../../../server/src/store/pstn-repository.js';
import { account, openFresh, storeBackends, subscriber } from './backends.js';

const { backends } = storeBackends();

const cdr = (callId: string, username: string, startedAt: number, costMicros: number): PstnCallRecord => ({
  callId,
  username,
  e164: '+442079460018',
  destination: 'United Kingdom – London',
  trunk: 'carrier',
  startedAt,
  answeredAt: startedAt + 2000,
  endedAt: startedAt + 67_000,
  billedSeconds: 120,
  costMicros,
  currency: 'EUR',
  cause: 'normal',
});

describe.each(backends)('store contract ($name): PSTN permissions and CDRs', (backend) => {
  it('grants, changes and withdraws permission and refuses unknown users', async () => {
    const store = await openFresh(backend);
    await store.accounts.create(account('alice'), subscriber('alice'));
    expect(await store.pstn.permission('alice')).toBeUndefined();
    await store.pstn.setPermission('alice', true, 5_000_000, 10);
    expect(await store.pstn.permission('alice')).toEqual({
      username: 'alice',
      allowed: true,
      dailyLimitMicros: 5_000_000,
      updatedAt: 10,
    });
    await store.pstn.setPermission('alice', true, null, 20);
    expect(await store.pstn.permission('alice')).toMatchObject({ allowed: true, dailyLimitMicros: null });
    await store.pstn.setPermission('alice', false, null, 30);
    expect(await store.pstn.permission('alice')).toMatchObject({ allowed: false, updatedAt: 30 });
    await expect(store.pstn.setPermission('nobody', true, null, 40)).rejects.toThrow();
    await store.close();
  });

  it('writes a CDR once, shows it only to its caller and sums a day’s spend exactly', async () => {
    const store = await openFresh(backend);
    expect(await store.pstn.insertCall(cdr('c1@x', 'alice', 1000, 40_000))).toBe(true);
    expect(await store.pstn.insertCall(cdr('c1@x', 'alice', 1000, 99_000))).toBe(false);
    await store.pstn.insertCall(cdr('c2@x', 'alice', 5000, 20_000));
    await store.pstn.insertCall(cdr('c3@x', 'bob', 5000, 70_000));
    await store.pstn.insertCall({ ...cdr('c4@x', 'alice', 9000, 0), answeredAt: null, trunk: null });
    expect(await store.pstn.call('alice', 'c1@x')).toEqual(cdr('c1@x', 'alice', 1000, 40_000));
    expect(await store.pstn.call('bob', 'c1@x')).toBeUndefined();
    expect(await store.pstn.call('alice', 'c4@x')).toMatchObject({ answeredAt: null, trunk: null });
    expect(await store.pstn.spentSince('alice', 0)).toBe(60_000);
    expect(await store.pstn.spentSince('alice', 2000)).toBe(20_000);
    expect(await store.pstn.spentSince('carol', 0)).toBe(0);
    await store.close();
  });
});
