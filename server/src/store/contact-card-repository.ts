/**
 * The address book (issue 16): each person's contact cards, with a display name they edit, phone
 * numbers, a favourite flag and, optionally, the Parley user the card stands for. Migration 7 brings
 * the first release's `contacts` rows (owner → Parley user) in as cards, so the older contact API
 * (`ContactRepository`, ./legacy-contact-repository.ts) reads and writes the same list.
 */
import { randomUUID } from 'node:crypto';
import type { ContactPhoneNumber, StructuredName } from '../../../common/contact-types.js';
import { isPhoneNumberType } from '../../../common/contact-types.js';
import type { SqlDatabase } from './sql-database.js';

/** Migration 7 (./migrations.ts); `int` is the 64-bit integer type of the dialect. */
export const CONTACT_CARDS_SQL = (int: string): string => `
  CREATE TABLE contact_cards (
    id           TEXT PRIMARY KEY NOT NULL,
    owner        TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    display_name TEXT NOT NULL,
    name_parts   TEXT,
    favourite    INTEGER NOT NULL CHECK (favourite IN (0, 1)),
    username     TEXT REFERENCES accounts (username) ON DELETE SET NULL,
    created_at   ${int} NOT NULL,
    updated_at   ${int} NOT NULL,
    UNIQUE (owner, username)
  );
  CREATE INDEX contact_cards_owner ON contact_cards (owner);
  CREATE TABLE contact_numbers (
    card_id  TEXT NOT NULL REFERENCES contact_cards (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    type     TEXT NOT NULL CHECK (type IN ('mobile', 'work', 'home', 'other')),
    number   TEXT NOT NULL,
    valid    INTEGER NOT NULL CHECK (valid IN (0, 1)),
    PRIMARY KEY (card_id, position)
  );`;

/** Migration 7, after its SQL: every `contacts` row becomes a card named as the account; then it goes. */
export async function moveLegacyContacts(tx: SqlDatabase): Promise<void> {
  const rows = await tx.all<{ owner: string; contact: string; created_at: number; display_name: string }>(
    `SELECT c.owner, c.contact, c.created_at, a.display_name
     FROM contacts c JOIN accounts a ON a.username = c.contact ORDER BY c.owner, c.contact`,
  );
  for (const r of rows) {
    await tx.run(
      `INSERT INTO contact_cards (id, owner, display_name, name_parts, favourite, username, created_at, updated_at)
       VALUES (?, ?, ?, NULL, 0, ?, ?, ?)`,
      [randomUUID(), r.owner, r.display_name, r.contact, r.created_at, r.created_at],
    );
  }
  await tx.exec('DROP TABLE contacts');
}

/** One card as stored. Usernames are normalized (lowercase). */
export interface ContactCardRecord {
  readonly id: string;
  readonly owner: string;
  readonly displayName: string;
  readonly name: StructuredName | null;
  readonly numbers: readonly ContactPhoneNumber[];
  readonly favourite: boolean;
  readonly username: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type ContactCardDraft = Omit<ContactCardRecord, 'id' | 'owner' | 'createdAt' | 'updatedAt'>;

/** Thrown when a card would name a Parley user another card of the same owner names already. */
export class ContactUsernameTakenError extends Error {
  override readonly name = 'ContactUsernameTakenError';
  constructor(readonly username: string) {
    super(`a contact for ${username} exists already`);
  }
}

export interface ContactCardRepository {
  /** The owner's cards: favourites first, then by display name. */
  list(owner: string): Promise<ContactCardRecord[]>;
  get(owner: string, id: string): Promise<ContactCardRecord | undefined>;
  count(owner: string): Promise<number>;
  /** @throws ContactUsernameTakenError */
  create(owner: string, draft: ContactCardDraft, now: number): Promise<ContactCardRecord>;
  /** Replaces the card's content; undefined when the owner has no such card. @throws ContactUsernameTakenError */
  update(
    owner: string,
    id: string,
    draft: ContactCardDraft,
    now: number,
  ): Promise<ContactCardRecord | undefined>;
  remove(owner: string, id: string): Promise<boolean>;
  /**
   * One transaction, all or nothing: a draft naming a Parley user already on a card replaces that
   * card's content; every other draft becomes a new card. Returns the cards written, in draft order.
   */
  importAll(owner: string, drafts: readonly ContactCardDraft[], now: number): Promise<ContactCardRecord[]>;
}

interface CardRow {
  id: string;
  owner: string;
  display_name: string;
  name_parts: string | null;
  favourite: number;
  username: string | null;
  created_at: number;
  updated_at: number;
}

interface NumberRow {
  card_id: string;
  type: string;
  number: string;
  valid: number;
}

export const CARD_COLUMNS =
  'id, owner, display_name, name_parts, favourite, username, created_at, updated_at';

function parseName(text: string | null): StructuredName | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as StructuredName;
  } catch {
    return null;
  }
}

/** Favourites first, then by display name as people read it (the same order on both backends). */
export function compareCards(a: ContactCardRecord, b: ContactCardRecord): number {
  if (a.favourite !== b.favourite) return a.favourite ? -1 : 1;
  return (
    a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id)
  );
}

export function createContactCardRepository(db: SqlDatabase): ContactCardRepository {
  const assemble = (cards: CardRow[], numbers: NumberRow[]): ContactCardRecord[] => {
    const byCard = new Map<string, ContactPhoneNumber[]>();
    for (const n of numbers) {
      const list = byCard.get(n.card_id) ?? [];
      list.push({
        type: isPhoneNumberType(n.type) ? n.type : 'other',
        number: n.number,
        valid: n.valid === 1,
      });
      byCard.set(n.card_id, list);
    }
    return cards.map((c) => ({
      id: c.id,
      owner: c.owner,
      displayName: c.display_name,
      name: parseName(c.name_parts),
      numbers: byCard.get(c.id) ?? [],
      favourite: c.favourite === 1,
      username: c.username,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    }));
  };

  const writeNumbers = async (tx: SqlDatabase, id: string, numbers: readonly ContactPhoneNumber[]) => {
    await tx.run('DELETE FROM contact_numbers WHERE card_id = ?', [id]);
    for (const [position, n] of numbers.entries()) {
      await tx.run(
        'INSERT INTO contact_numbers (card_id, position, type, number, valid) VALUES (?, ?, ?, ?, ?)',
        [id, position, n.type, n.number, n.valid ? 1 : 0],
      );
    }
  };

  const one = async (tx: SqlDatabase, owner: string, id: string): Promise<ContactCardRecord | undefined> => {
    const card = await tx.get<CardRow>(
      `SELECT ${CARD_COLUMNS} FROM contact_cards WHERE owner = ? AND id = ?`,
      [owner, id],
    );
    if (card === undefined) return undefined;
    const numbers = await tx.all<NumberRow>(
      'SELECT card_id, type, number, valid FROM contact_numbers WHERE card_id = ? ORDER BY position',
      [id],
    );
    return assemble([card], numbers)[0];
  };

  /** The card of `owner` that names `username`, other than `exceptId`. */
  const holderOf = async (tx: SqlDatabase, owner: string, username: string | null, exceptId?: string) =>
    username === null
      ? undefined
      : tx.get<{ id: string }>('SELECT id FROM contact_cards WHERE owner = ? AND username = ? AND id <> ?', [
          owner,
          username,
          exceptId ?? '',
        ]);

  const insert = async (tx: SqlDatabase, owner: string, draft: ContactCardDraft, now: number) => {
    const id = randomUUID();
    await tx.run(`INSERT INTO contact_cards (${CARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      id,
      owner,
      draft.displayName,
      draft.name === null ? null : JSON.stringify(draft.name),
      draft.favourite ? 1 : 0,
      draft.username,
      now,
      now,
    ]);
    await writeNumbers(tx, id, draft.numbers);
    return id;
  };

  const overwrite = async (
    tx: SqlDatabase,
    owner: string,
    id: string,
    draft: ContactCardDraft,
    now: number,
  ) => {
    const changed = await tx.run(
      `UPDATE contact_cards SET display_name = ?, name_parts = ?, favourite = ?, username = ?, updated_at = ?
       WHERE owner = ? AND id = ?`,
      [
        draft.displayName,
        draft.name === null ? null : JSON.stringify(draft.name),
        draft.favourite ? 1 : 0,
        draft.username,
        now,
        owner,
        id,
      ],
    );
    if (changed > 0) await writeNumbers(tx, id, draft.numbers);
    return changed > 0;
  };

  return {
    async list(owner) {
      const cards = await db.all<CardRow>(`SELECT ${CARD_COLUMNS} FROM contact_cards WHERE owner = ?`, [
        owner,
      ]);
      const numbers = await db.all<NumberRow>(
        `SELECT n.card_id, n.type, n.number, n.valid FROM contact_numbers n
         JOIN contact_cards c ON c.id = n.card_id WHERE c.owner = ? ORDER BY n.card_id, n.position`,
        [owner],
      );
      return assemble(cards, numbers).sort(compareCards);
    },
    get: (owner, id) => one(db, owner, id),
    async count(owner) {
      const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM contact_cards WHERE owner = ?', [
        owner,
      ]);
      return Number(row?.n ?? 0);
    },
    create: (owner, draft, now) =>
      db.transaction(async (tx) => {
        if (await holderOf(tx, owner, draft.username))
          throw new ContactUsernameTakenError(draft.username ?? '');
        const id = await insert(tx, owner, draft, now);
        return (await one(tx, owner, id))!;
      }),
    update: (owner, id, draft, now) =>
      db.transaction(async (tx) => {
        if (await holderOf(tx, owner, draft.username, id))
          throw new ContactUsernameTakenError(draft.username ?? '');
        return (await overwrite(tx, owner, id, draft, now)) ? one(tx, owner, id) : undefined;
      }),
    remove: async (owner, id) =>
      (await db.run('DELETE FROM contact_cards WHERE owner = ? AND id = ?', [owner, id])) > 0,
    importAll: (owner, drafts, now) =>
      db.transaction(async (tx) => {
        const ids: string[] = [];
        for (const draft of drafts) {
          const existing = await holderOf(tx, owner, draft.username);
          if (existing) await overwrite(tx, owner, existing.id, draft, now);
          ids.push(existing ? existing.id : await insert(tx, owner, draft, now));
        }
        const written: ContactCardRecord[] = [];
        for (const id of ids) written.push((await one(tx, owner, id))!);
        return written;
      }),
  };
}
