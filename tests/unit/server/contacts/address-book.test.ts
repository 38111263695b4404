/**
 * The address book room (server/src/contacts/address-book.ts) over an in-memory store: who a vCard names
 * among our users, national numbers read with the home country, the structured name kept or dropped on
 * an edit, and the limits (one card per Parley user, at most CONTACT_LIMITS.cards cards).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CONTACT_LIMITS } from '../../../../common/contact-types.js';
import { createAddressBook, type AddressBook } from '../../../../server/src/contacts/address-book.js';
import { ContactError } from '../../../../server/src/contacts/contact-error.js';
import type { AccountRecord, Store, SubscriberRecord } from '../../../../server/src/store/store.js';
import { openMemoryStore } from '../../../support/store/memory-store.js';

const account = (username: string): AccountRecord => ({
  username,
  displayName: username,
  email: '',
  passwordHash: 'h',
  passwordSalt: 's',
  passwordParams: '{}',
  realm: 'parley.example',
  ha1Md5: 'm',
  ha1Sha256: 's',
  createdAt: 0,
});
const subscriber = (username: string): SubscriberRecord => ({
  username,
  domain: 'parley.example',
  ha1: 'm',
  ha1b: 'b',
});

let store: Store;
let book: AddressBook;

beforeEach(async () => {
  store = await openMemoryStore();
  for (const u of ['alice', 'bob', 'carol']) await store.accounts.create(account(u), subscriber(u));
  book = createAddressBook({ store, domain: 'parley.example', homeCountry: () => 'GB', now: () => 1 });
});

const vcard = (...cards: string[][]): string =>
  cards.map((lines) => ['BEGIN:VCARD', 'VERSION:4.0', ...lines, 'END:VCARD', ''].join('\r\n')).join('');

const failure = async (promise: Promise<unknown>): Promise<ContactError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ContactError)) throw new Error(`expected a ContactError, got ${String(error)}`);
  return error;
};

describe('address book', () => {
  it('names our users by sip: address or mailbox at our domain, nobody else', async () => {
    const cards = await book.importVcards(
      'alice',
      vcard(
        ['FN:Bob', 'IMPP:sips:BOB@Parley.Example;transport=tls'],
        ['FN:Carol', 'EMAIL:carol@parley.example'],
        ['FN:Other Bob', 'IMPP:sip:bob@elsewhere.example'],
        ['FN:Me', 'URL:sip:alice@parley.example'],
        ['FN:Ghost', 'IMPP:sip:ghost@parley.example'],
      ),
    );
    expect(cards.map((c) => [c.displayName, c.username, c.aor])).toEqual([
      ['Bob', 'bob', 'sip:bob@parley.example'],
      ['Carol', 'carol', 'sip:carol@parley.example'],
      ['Other Bob', undefined, undefined],
      ['Me', undefined, undefined],
      ['Ghost', undefined, undefined],
    ]);
  });

  it('reads national numbers with the home country and keeps the rest as typed', async () => {
    const card = await book.create('alice', {
      displayName: 'Shop',
      numbers: [
        { type: 'work', number: '020 7946 0018' },
        { type: 'other', number: 'ask for Sam' },
      ],
    });
    expect(card.numbers).toEqual([
      { type: 'work', number: '+442079460018', valid: true },
      { type: 'other', number: 'ask for Sam', valid: false },
    ]);
    expect(card.favourite).toBe(false);
  });

  it('keeps the imported structured name while the display name stays, and drops it when it changes', async () => {
    const [card] = await book.importVcards('alice', vcard(['FN:Jane Q. Doe', 'N:Doe;Jane;Q.;;']));
    const same = await book.update('alice', card!.id, { displayName: 'Jane Q. Doe', favourite: true });
    expect(same.name).toEqual({ family: 'Doe', given: 'Jane', additional: 'Q.', prefixes: '', suffixes: '' });
    const renamed = await book.update('alice', card!.id, { displayName: 'Janie', favourite: true });
    expect(renamed.name).toBeUndefined();
    expect(await book.exportVcards('alice')).toContain('N:;Janie;;;\r\n');
  });

  it('refuses a second card for one user, yourself, unknown users and bad input with stable codes', async () => {
    await book.create('alice', { displayName: 'Bob', username: 'bob' });
    expect((await failure(book.create('alice', { displayName: 'B', username: 'BOB' }))).code).toBe(
      'contact_exists',
    );
    expect((await failure(book.create('alice', { displayName: 'Me', username: 'alice' }))).code).toBe(
      'contact_self',
    );
    expect((await failure(book.create('alice', { displayName: 'X', username: 'nobody' }))).code).toBe(
      'user_not_found',
    );
    const bad = await failure(
      book.create('alice', { displayName: 'X', numbers: [{ type: 'fax', number: '1' }] }),
    );
    expect([bad.status, bad.code, bad.message]).toEqual([
      400,
      'invalid_contact',
      'numbers[0].type must be mobile, work, home or other.',
    ]);
    expect((await failure(book.remove('alice', 'no-such-id'))).status).toBe(404);
  });

  it(`keeps at most ${CONTACT_LIMITS.cards} cards: an import past it is refused whole`, async () => {
    const many = Array.from({ length: CONTACT_LIMITS.cards }, (_, i) => [`FN:Person ${i}`]);
    expect(await book.importVcards('alice', vcard(...many))).toHaveLength(CONTACT_LIMITS.cards);
    const full = await failure(book.importVcards('alice', vcard(['FN:One more'])));
    expect([full.status, full.code]).toEqual([409, 'too_many_contacts']);
    expect((await failure(book.create('alice', { displayName: 'One more' }))).code).toBe('too_many_contacts');
    expect(await store.contactCards.count('alice')).toBe(CONTACT_LIMITS.cards);
  });
});
