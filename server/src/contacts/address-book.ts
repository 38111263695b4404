/**
 * The address book room (issue 16): each person's contact cards, edited through the API and brought in
 * or out as vCard files (./vcard.ts). A card may stand for a Parley user; such a card carries the
 * user's SIP address and live presence, like a directory entry.
 */
import type { ContactCard, StructuredName } from '../../../common/contact-types.js';
import { CONTACT_LIMITS } from '../../../common/contact-types.js';
import type { PresenceStatus, UserStatus } from '../../../common/presence-types.js';
import { normalizeUsername } from '../../../common/username-rules.js';
import {
  ContactUsernameTakenError,
  type ContactCardDraft,
  type ContactCardRecord,
} from '../store/contact-card-repository.js';
import type { Store } from '../store/store.js';
import { ContactError } from './contact-error.js';
import { checkContactInput, storedNumber } from './contact-input.js';
import { parseVcards, VcardError, writeVcards, type VcardContact } from './vcard.js';

export interface AddressBookOptions {
  readonly store: Pick<Store, 'accounts' | 'contactCards'>;
  /** The SIP domain: `sip:user@DOMAIN` and `user@DOMAIN` in a vCard name one of our users. */
  readonly domain: string;
  /** ISO 3166-1 alpha-2 country of national numbers (the gateway's), if any. */
  readonly homeCountry: () => string | undefined;
  readonly presenceOf?: (username: string) => PresenceStatus;
  readonly statusOf?: (username: string) => UserStatus;
  readonly now?: () => number;
}

export interface AddressBook {
  list(owner: string): Promise<ContactCard[]>;
  /** @throws ContactError */
  create(owner: string, input: Record<string, unknown>): Promise<ContactCard>;
  /** @throws ContactError (404 `contact_not_found` when the owner has no such card) */
  update(owner: string, id: string, input: Record<string, unknown>): Promise<ContactCard>;
  /** @throws ContactError 404 `contact_not_found` */
  remove(owner: string, id: string): Promise<void>;
  /** Every card of the file or none. @throws ContactError 400 `invalid_vcard` naming the card */
  importVcards(owner: string, text: string): Promise<ContactCard[]>;
  /** Every card of the owner as one vCard 4.0 file. */
  exportVcards(owner: string): Promise<string>;
}

const notFound = (): ContactError => new ContactError(404, 'contact_not_found', 'No such contact.');
const taken = (username: string): ContactError =>
  new ContactError(409, 'contact_exists', `${username} is on another of your contacts already.`);

export function createAddressBook(options: AddressBookOptions): AddressBook {
  const { store, domain } = options;
  const now = options.now ?? Date.now;
  const aorOf = (username: string): string => `sip:${username}@${domain}`;

  const toCard = (r: ContactCardRecord): ContactCard => ({
    id: r.id,
    displayName: r.displayName,
    ...(r.name === null ? {} : { name: r.name }),
    numbers: r.numbers,
    favourite: r.favourite,
    ...(r.username === null
      ? {}
      : {
          username: r.username,
          aor: aorOf(r.username),
          ...(options.presenceOf ? { presence: options.presenceOf(r.username) } : {}),
          ...(options.statusOf ? { status: options.statusOf(r.username) } : {}),
        }),
  });

  const checkUser = async (owner: string, username: string | null): Promise<void> => {
    if (username === null) return;
    if (username === owner)
      throw new ContactError(400, 'contact_self', 'You cannot add yourself as a contact.');
    if ((await store.accounts.get(username)) === undefined) {
      throw new ContactError(404, 'user_not_found', 'No such user.');
    }
  };

  const roomFor = async (owner: string, more: number): Promise<void> => {
    if ((await store.contactCards.count(owner)) + more > CONTACT_LIMITS.cards) {
      throw new ContactError(
        409,
        'too_many_contacts',
        `You can keep at most ${CONTACT_LIMITS.cards} contacts.`,
      );
    }
  };

  /** The Parley user a vCard names by a `sip:` address or a mailbox at our domain, if it is one of ours. */
  const userOf = async (owner: string, contact: VcardContact): Promise<string | null> => {
    const ours = domain.toLowerCase();
    const candidates = [
      ...contact.sipUris.map((uri) => /^sips?:([^@;]+)@([^;:>?]+)/i.exec(uri)),
      ...contact.emails.map((mail) => /^(?:mailto:)?([^@]+)@(.+)$/i.exec(mail)),
    ];
    for (const match of candidates) {
      if (!match || match[2]?.toLowerCase() !== ours) continue;
      let user: string;
      try {
        user = normalizeUsername(decodeURIComponent(match[1] ?? ''));
      } catch {
        continue;
      }
      if (user !== owner && user.length <= 64 && (await store.accounts.get(user)) !== undefined) return user;
    }
    return null;
  };

  return {
    async list(owner) {
      return (await store.contactCards.list(owner)).map(toCard);
    },

    async create(owner, body) {
      const input = checkContactInput(body, options.homeCountry());
      await checkUser(owner, input.username);
      await roomFor(owner, 1);
      const draft: ContactCardDraft = { ...input, name: input.name ?? null };
      try {
        return toCard(await store.contactCards.create(owner, draft, now()));
      } catch (error) {
        if (error instanceof ContactUsernameTakenError) throw taken(error.username);
        throw error;
      }
    },

    async update(owner, id, body) {
      const input = checkContactInput(body, options.homeCountry());
      const existing = id.length <= 64 ? await store.contactCards.get(owner, id) : undefined;
      if (existing === undefined) throw notFound();
      await checkUser(owner, input.username);
      // A name kept from an import stays while the display name does; a new display name drops it.
      const name: StructuredName | null =
        input.name !== undefined
          ? input.name
          : input.displayName === existing.displayName
            ? existing.name
            : null;
      try {
        const updated = await store.contactCards.update(owner, id, { ...input, name }, now());
        if (updated === undefined) throw notFound();
        return toCard(updated);
      } catch (error) {
        if (error instanceof ContactUsernameTakenError) throw taken(error.username);
        throw error;
      }
    },

    async remove(owner, id) {
      if (!(id.length <= 64 && (await store.contactCards.remove(owner, id)))) throw notFound();
    },

    async importVcards(owner, text) {
      let contacts: VcardContact[];
      try {
        contacts = parseVcards(text);
      } catch (error) {
        if (error instanceof VcardError) throw new ContactError(400, 'invalid_vcard', error.message);
        throw error;
      }
      const homeCountry = options.homeCountry();
      const drafts: ContactCardDraft[] = [];
      const cardOfUser = new Map<string, number>();
      for (const [index, contact] of contacts.entries()) {
        const username = await userOf(owner, contact);
        if (username !== null) {
          const earlier = cardOfUser.get(username);
          if (earlier !== undefined) {
            throw new ContactError(
              400,
              'invalid_vcard',
              `Card ${index + 1}: ${aorOf(username)} is on card ${earlier} too.`,
            );
          }
          cardOfUser.set(username, index + 1);
        }
        drafts.push({
          displayName: contact.displayName,
          name: contact.name,
          numbers: contact.numbers.map((n) => storedNumber(n.type, n.value, homeCountry)),
          favourite: contact.favourite,
          username,
        });
      }
      const existing = await store.contactCards.list(owner);
      const known = new Set(existing.map((c) => c.username).filter((u) => u !== null));
      await roomFor(owner, drafts.filter((d) => d.username === null || !known.has(d.username)).length);
      return (await store.contactCards.importAll(owner, drafts, now())).map(toCard);
    },

    async exportVcards(owner) {
      const cards = await store.contactCards.list(owner);
      return writeVcards(
        cards.map((c) => ({
          id: c.id,
          displayName: c.displayName,
          name: c.name,
          numbers: c.numbers,
          favourite: c.favourite,
          sipUri: c.username === null ? null : aorOf(c.username),
        })),
      );
    },
  };
}
