/**
 * The address book over the real service, on SQLite and on PostgreSQL: a vCard file with 3 contacts
 * (non-ASCII names, one with two numbers, one naming a Parley user by its SIP address) is imported,
 * exported again and compared field by field; a malformed file is refused with a JSON error naming the
 * card and imports nothing; edits and favourites survive a restart; the older contact list sees the
 * same cards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiErrorBody, ContactsResponse } from '../../../common/api-types.js';
import type {
  ContactCard,
  ContactCardsResponse,
  VcardImportResponse,
} from '../../../common/contact-types.js';
import { toE164 } from '../../../common/phone-number.js';
import { parseVcards, type VcardContact } from '../../../server/src/contacts/vcard.js';
import { apiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';
import { storeBackends } from '../store/backends.js';

const { backends } = storeBackends();
const fixture = fs.readFileSync(
  path.join(import.meta.dirname, '../../fixtures/contacts/three-contacts.vcf'),
  'utf8',
);

let service: TestService | undefined;
afterEach(async () => {
  await service?.stop();
  service = undefined;
});

/** A card as compared: numbers by type and E.164 (or as written), no e-mail (the book keeps none). */
const comparable = (c: VcardContact) => ({
  displayName: c.displayName,
  name: c.name,
  favourite: c.favourite,
  numbers: c.numbers.map((n) => ({ type: n.type, number: toE164(n.value) ?? n.value })),
  sipUris: c.sipUris,
});

describe.each(backends)('address book over the service ($name)', (backend) => {
  it('imports a vCard file, exports it again field by field, refuses a malformed one, keeps edits across a restart', async () => {
    service = await startTestService(await backend.fresh());
    const api = apiClient(service.baseUrl);
    const alice = await service.createAccount('alice', undefined, 'Alice');
    await service.createAccount('bob', undefined, 'Bob B.');
    const token = alice.token;
    const list = async (): Promise<readonly ContactCard[]> =>
      (await api.get<ContactCardsResponse>('/api/contact-cards', { token })).body.contacts;

    // Import: 3 cards, favourites first, numbers in E.164, the SIP address resolved to our user bob.
    const imported = await api.post<VcardImportResponse>(
      '/api/contact-cards/import',
      { vcard: fixture },
      { token },
    );
    expect(imported.status).toBe(200);
    expect(imported.body.imported).toBe(3);
    const cards = await list();
    expect(cards.map((c) => [c.displayName, c.favourite, c.username])).toEqual([
      ['Jürgen Müller-Lüdenscheidt', true, undefined],
      ['Ana Núñez', false, undefined],
      ['Bob Builder', false, 'bob'],
    ]);
    expect(cards[0]!.numbers).toEqual([
      { type: 'mobile', number: '+4915123456789', valid: true },
      { type: 'work', number: '+49301234567', valid: true },
    ]);
    expect(cards[1]!.numbers).toEqual([{ type: 'work', number: 'ext. 42', valid: false }]);
    expect(cards[2]).toMatchObject({ aor: 'sip:bob@localhost', presence: 'offline' });
    // The older contact list reads the same cards.
    const legacy = await api.get<ContactsResponse>('/api/contacts', { token });
    expect(legacy.body.contacts.map((c) => [c.username, c.displayName])).toEqual([['bob', 'Bob Builder']]);

    // Export: one vCard 4.0 file that reads back to the imported cards, field by field.
    const exported = await api.get<string>('/api/contact-cards/export', { token });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/vcard; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename="[^"]+\.vcf"/);
    expect(exported.body.match(/^VERSION:4\.0\r$/gm)).toHaveLength(3);
    expect(exported.body).toContain('TEL;TYPE=cell;VALUE=uri:tel:+4915123456789\r\n');
    const byName = (list: VcardContact[]) =>
      list.map(comparable).sort((a, b) => a.displayName.localeCompare(b.displayName));
    expect(byName(parseVcards(exported.body))).toEqual(byName(parseVcards(fixture)));

    // A malformed file: 4xx JSON naming the card and the problem; nothing of it is imported.
    const broken = fixture.replace(
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bob Builder',
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN;=oops:Bob',
    );
    const newCard = 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zed New\r\nEND:VCARD\r\n';
    const refused = await api.post<ApiErrorBody>(
      '/api/contact-cards/import',
      { vcard: newCard + broken },
      { token },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_vcard');
    expect(refused.body.error.message).toMatch(/^Card 3: it cannot be read/);
    const twice = await api.post<ApiErrorBody>(
      '/api/contact-cards/import',
      { vcard: newCard + fixture + fixture.split('END:VCARD\r\n')[1] + 'END:VCARD\r\n' },
      { token },
    );
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe('Card 5: sip:bob@localhost is on card 3 too.');
    expect((await api.post<ApiErrorBody>('/api/contact-cards/import', { vcard: 42 }, { token })).status).toBe(
      400,
    );
    expect((await list()).map((c) => c.displayName)).not.toContain('Zed New');
    expect(await list()).toHaveLength(3);

    // Edit: a new name, a favourite, a number typed in a common form.
    const ana = cards[1]!;
    const edited = await api.put<ContactCard>(
      `/api/contact-cards/${ana.id}`,
      {
        displayName: 'Ana María Núñez',
        favourite: true,
        numbers: [...ana.numbers, { type: 'mobile', number: '+44 (20) 7946-0018' }],
      },
      { token },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.numbers.at(-1)).toEqual({ type: 'mobile', number: '+442079460018', valid: true });
    expect(edited.body.name).toBeUndefined();
    const errorOf = (r: { status: number; body: unknown }) => [r.status, (r.body as ApiErrorBody).error.code];
    expect(errorOf(await api.put(`/api/contact-cards/${ana.id}`, { displayName: ' ' }, { token }))).toEqual([
      400,
      'invalid_contact',
    ]);
    expect(errorOf(await api.put('/api/contact-cards/nope', { displayName: 'X' }, { token }))).toEqual([
      404,
      'contact_not_found',
    ]);
    expect(
      errorOf(await api.post('/api/contact-cards', { displayName: 'B2', username: 'bob' }, { token })),
    ).toEqual([409, 'contact_exists']);
    const carol = await service.createAccount('carol');
    expect(
      errorOf(await api.put(`/api/contact-cards/${ana.id}`, { displayName: 'X' }, { token: carol.token })),
    ).toEqual([404, 'contact_not_found']);

    await service.restart();
    const after = await list();
    expect(after.map((c) => [c.displayName, c.favourite])).toEqual([
      ['Ana María Núñez', true],
      ['Jürgen Müller-Lüdenscheidt', true],
      ['Bob Builder', false],
    ]);
    expect(after[0]!.numbers).toEqual(edited.body.numbers);
    expect(after[1]!.name?.family).toBe('Müller-Lüdenscheidt');
    const removed = await api.delete(`/api/contact-cards/${after[2]!.id}`, { token });
    expect(removed.status).toBe(204);
    expect((await api.get<ContactsResponse>('/api/contacts', { token })).body.contacts).toEqual([]);
  });
});
