/**
 * Each person's chosen status (availability and note, common/presence-types.ts): one row per user who
 * ever set one; no row reads as available without a note.
 */
import { isAvailability, type UserStatus } from '../../../common/presence-types.js';
import type { SqlDatabase } from './sql-database.js';
import type { StatusRepository } from './store.js';

interface Row {
  username: string;
  availability: string;
  note: string;
}

const toStatus = (r: Row): UserStatus => ({
  availability: isAvailability(r.availability) ? r.availability : 'available',
  note: r.note,
});

export function createStatusRepository(db: SqlDatabase): StatusRepository {
  return {
    async get(username) {
      const row = await db.get<Row>(
        'SELECT username, availability, note FROM user_status WHERE username = ?',
        [username],
      );
      return row && toStatus(row);
    },
    async set(username, status, now) {
      await db.run(
        `INSERT INTO user_status (username, availability, note, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET availability = excluded.availability, note = excluded.note,
           updated_at = excluded.updated_at`,
        [username, status.availability, status.note, now],
      );
    },
    async all() {
      const rows = await db.all<Row>(
        'SELECT username, availability, note FROM user_status ORDER BY username',
      );
      return new Map(rows.map((r) => [r.username, toStatus(r)]));
    },
  };
}
