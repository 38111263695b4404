/**
 * Store contract, contact cards (migration 7): the same tests against SQLite and PostgreSQL. Cards keep
 * their numbers in order and their favourite flag across a reopen; favourites come first; one card per
 * Parley user per owner; the older contact list reads and writes the same cards; an import is all or
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../server/src/store/open-store.js';
import {
  ContactUsernameTakenError,
  type ContactCardDraft,
} from '../../../server/src/store/contact-card-repository.js';
import { account, storeBackends, subscriber } from './backends.js';

const { backends } = storeBackends();

const draft = (displayName: string, more: Partial<ContactCardDraft> = {}): ContactCardDraft => ({
  displayName,
  name: null,
  numbers: [],
  favourite: false,
  username: null,
  ...more,
});

describe.each(backends)('store contract ($name): contact cards', (backend) => {
  it('keeps cards with numbers and favourites across a reopen, favourites first', async () => {
    const where = await backend.fresh();
    const store = await openStore(where);
    await store.accounts.create(account('alice'), subscriber('alice'));
    await store.accounts.create(account('bob', 'Bob B'), subscriber('bob'));
    const zoe = await store.contactCards.create(
      'alice',
      draft('Zoë Åberg', {
        name: { family: 'Åberg', given: 'Zoë', additional: '', prefixes: '', suffixes: '' },
        numbers: [
          { type: 'mobile', number: '+46701234567', valid: true },
          { type: 'work', number: 'ext 12', valid: false },
        ],
      }),
      1000,
    );
    await store.contactCards.create('alice', draft('Bob', { username: 'bob', favourite: true }), 2000);
    await store.contactCards.create('alice', draft('anna'), 3000);
    const edited = await store.contactCards.update(
      'alice',
      zoe.id,
      { ...zoe, displayName: 'Zoë', favourite: true, numbers: [zoe.numbers[1]!, zoe.numbers[0]!] },
      4000,
    );
    expect(edited?.updatedAt).toBe(4000);
    await store.close();

    const again = await openStore(where);
    const cards = await again.contactCards.list('alice');
    expect(cards.map((c) => [c.displayName, c.favourite, c.username])).toEqual([
      ['Bob', true, 'bob'],
      ['Zoë', true, null],
      ['anna', false, null],
    ]);
    expect(cards[1]!.numbers).toEqual([
      { type: 'work', number: 'ext 12', valid: false },
      { type: 'mobile', number: '+46701234567', valid: true },
    ]);
    expect(cards[1]!.name?.family).toBe('Åberg');
    expect(await again.contactCards.count('alice')).toBe(3);
    expect(await again.contactCards.list('bob')).toEqual([]);
    expect(await again.contactCards.get('bob', zoe.id)).toBeUndefined();
    expect(await again.contactCards.remove('bob', zoe.id)).toBe(false);
    expect(await again.contactCards.remove('alice', zoe.id)).toBe(true);
    expect(await again.contactCards.count('alice')).toBe(2);
    await again.close();
  });

  it('has one card per Parley user, shared with the older contact list', async () => {
    const store = await openStore(await backend.fresh());
    for (const u of ['alice', 'bob', 'carol'])
      await store.accounts.create(account(u, u.toUpperCase()), subscriber(u));
    await store.contacts.add('alice', 'bob', 1);
    const [bobCard] = await store.contactCards.list('alice');
    expect(bobCard).toMatchObject({ displayName: 'BOB', username: 'bob', numbers: [] });
    await expect(
      store.contactCards.create('alice', draft('Bob again', { username: 'bob' }), 2),
    ).rejects.toThrow(ContactUsernameTakenError);
    await store.contactCards.update('alice', bobCard!.id, { ...bobCard!, displayName: 'Bobby' }, 3);
    expect((await store.contacts.list('alice')).map((a) => [a.username, a.displayName])).toEqual([
      ['bob', 'Bobby'],
    ]);
    const carol = await store.contactCards.create('alice', draft('C', { username: 'carol' }), 4);
    expect(await store.contacts.usernames('alice')).toEqual(new Set(['bob', 'carol']));
    await store.contacts.add('alice', 'carol', 5);
    expect(await store.contactCards.count('alice')).toBe(2);
    expect(await store.contacts.remove('alice', 'carol')).toBe(true);
    expect(await store.contactCards.get('alice', carol.id)).toBeUndefined();
    await store.close();
  });

  it('imports all drafts or none, and updates the card of a user already on the list', async () => {
    const store = await openStore(await backend.fresh());
    for (const u of ['alice', 'bob']) await store.accounts.create(account(u), subscriber(u));
    await store.contacts.add('alice', 'bob', 1);
    const written = await store.contactCards.importAll(
      'alice',
      [draft('Bob Builder', { username: 'bob', favourite: true }), draft('Dora')],
      2,
    );
    expect(written.map((c) => c.displayName)).toEqual(['Bob Builder', 'Dora']);
    expect(await store.contactCards.count('alice')).toBe(2);
    // A draft that the database refuses (a user that does not exist) undoes the whole import.
    await expect(
      store.contactCards.importAll('alice', [draft('Eve'), draft('Ghost', { username: 'nobody' })], 3),
    ).rejects.toThrow();
    expect((await store.contactCards.list('alice')).map((c) => c.displayName)).toEqual([
      'Bob Builder',
      'Dora',
    ]);
    await store.close();
  });
});
