/**
 * The first release's contact API (`ContactRepository` in ./store.ts) over the address book's cards
 * (./contact-card-repository.ts, migration 7).
 */
import { randomUUID } from 'node:crypto';
import { accountFromRow, type AccountRow } from './account-repository.js';
import { CARD_COLUMNS } from './contact-card-repository.js';
import type { SqlDatabase } from './sql-database.js';
import type { ContactRepository } from './store.js';

/**
 * The first release's contact list over the cards: a Parley user added from the directory is a card
 * named as the account, without numbers. Removing the user removes that card.
 */
export function createContactRepository(db: SqlDatabase): ContactRepository {
  return {
    async add(owner, contact, now) {
      await db.run(
        `INSERT INTO contact_cards (${CARD_COLUMNS})
         VALUES (?, ?, COALESCE((SELECT display_name FROM accounts WHERE username = ?), ?), NULL, 0, ?, ?, ?)
         ON CONFLICT (owner, username) DO NOTHING`,
        [randomUUID(), owner, contact, contact, contact, now, now],
      );
    },
    remove: async (owner, contact) =>
      (await db.run('DELETE FROM contact_cards WHERE owner = ? AND username = ?', [owner, contact])) > 0,
    async list(owner) {
      // The name the owner gave the card wins over the account's own.
      const rows = await db.all<AccountRow & { card_name: string }>(
        `SELECT a.*, c.display_name AS card_name FROM contact_cards c JOIN accounts a ON a.username = c.username
         WHERE c.owner = ? ORDER BY a.username`,
        [owner],
      );
      return rows.map((r) => ({ ...accountFromRow(r), displayName: r.card_name }));
    },
    async usernames(owner) {
      const rows = await db.all<{ username: string }>(
        'SELECT username FROM contact_cards WHERE owner = ? AND username IS NOT NULL',
        [owner],
      );
      return new Set(rows.map((r) => r.username));
    },
  };
}
