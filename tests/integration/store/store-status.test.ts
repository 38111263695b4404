/**
 * Store contract, user status (migration 6): the same tests against SQLite and PostgreSQL. A status
 * survives a reopen of the store (a service restart), is replaced in place, and refuses unknown values.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../server/src/store/open-store.js';
import { account, storeBackends, subscriber } from './backends.js';

const { backends } = storeBackends();

describe.each(backends)('store contract ($name): user status', (backend) => {
  it('keeps each user’s status across a reopen, replaces it in place and lists them all', async () => {
    const where = await backend.fresh();
    const store = await openStore(where);
    await store.accounts.create(account('alice'), subscriber('alice'));
    await store.accounts.create(account('bob'), subscriber('bob'));
    expect(await store.statuses.get('alice')).toBeUndefined();
    await store.statuses.set('alice', { availability: 'away', note: 'Back at 3' }, 1000);
    await store.statuses.set('alice', { availability: 'dnd', note: 'In a meeting' }, 2000);
    await store.statuses.set('bob', { availability: 'busy', note: '' }, 3000);
    await store.close();

    const again = await openStore(where);
    expect(await again.statuses.get('alice')).toEqual({ availability: 'dnd', note: 'In a meeting' });
    expect([...(await again.statuses.all())]).toEqual([
      ['alice', { availability: 'dnd', note: 'In a meeting' }],
      ['bob', { availability: 'busy', note: '' }],
    ]);
    await again.close();
  });

  it('refuses a status for an unknown user or with an unknown availability', async () => {
    const store = await openStore(await backend.fresh());
    await store.accounts.create(account('alice'), subscriber('alice'));
    await expect(store.statuses.set('nobody', { availability: 'away', note: '' }, 1)).rejects.toThrow();
    await expect(
      // @ts-expect-error -- a value the type forbids must be refused by the database too
      store.statuses.set('alice', { availability: 'sleeping', note: '' }, 1),
    ).rejects.toThrow();
    expect(await store.statuses.get('alice')).toBeUndefined();
    await store.close();
  });
});
