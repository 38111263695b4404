/** A store on an in-memory SQLite database, migrated like a real one (unit tests of one room). */
import { migrate } from '../../../server/src/store/migrations.js';
import { storeOver } from '../../../server/src/store/open-store.js';
import { openSqliteDatabase } from '../../../server/src/store/sqlite-database.js';
import type { Store } from '../../../server/src/store/store.js';

export async function openMemoryStore(): Promise<Store> {
  const db = openSqliteDatabase(':memory:');
  await migrate(db);
  return storeOver(db);
}
