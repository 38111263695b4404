/**
 * Opens the store the configuration asks for: PostgreSQL when a database URL is given, else the
 * embedded SQLite file `parley.db` in the data folder. Either way the schema is migrated first.
 */
import path from 'node:path';
import type { Logger } from '../../../common/logger.js';
import { createAccountRepository, createSessionRepository } from './account-repository.js';
import { createCallHistoryRepository } from './call-history-repository.js';
import { createContactCardRepository } from './contact-card-repository.js';
import { createContactRepository } from './legacy-contact-repository.js';
import { createMessageRepository } from './message-repository.js';
import { migrate } from './migrations.js';
import { createOutboxRepository } from './outbox-repository.js';
import { createPstnRepository } from './pstn-repository.js';
import { openPostgresDatabase } from './postgres-database.js';
import type { SqlDatabase } from './sql-database.js';
import { openSqliteDatabase } from './sqlite-database.js';
import { createRecordingRepository } from './recording-repository.js';
import { createStatusRepository } from './status-repository.js';
import type { Store } from './store.js';
import { createVoicemailRepository } from './voicemail-repository.js';

export interface OpenStoreOptions {
  /** Folder of `parley.db` (and of a first-release `voicemail.db` to import). */
  readonly dataDir: string;
  /** `postgres://user:pass@host:port/db`: PostgreSQL instead of SQLite. */
  readonly databaseUrl?: string | undefined;
  readonly logger?: Logger;
}

/** The repositories over one database. */
export function storeOver(db: SqlDatabase): Store {
  return {
    backend: db.dialect,
    accounts: createAccountRepository(db),
    sessions: createSessionRepository(db),
    contacts: createContactRepository(db),
    contactCards: createContactCardRepository(db),
    messages: createMessageRepository(db),
    voicemail: createVoicemailRepository(db),
    outbox: createOutboxRepository(db),
    pstn: createPstnRepository(db),
    callHistory: createCallHistoryRepository(db),
    statuses: createStatusRepository(db),
    recordings: createRecordingRepository(db),
    async ping() {
      try {
        await db.get('SELECT 1 AS one');
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.close(),
  };
}

/** @throws StoreUnavailableError (one line) when PostgreSQL cannot be reached or refuses the login. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const db =
    options.databaseUrl === undefined
      ? openSqliteDatabase(path.join(options.dataDir, 'parley.db'))
      : await openPostgresDatabase({
          url: options.databaseUrl,
          ...(options.logger ? { logger: options.logger } : {}),
        });
  try {
    await migrate(db, db.dialect === 'sqlite' ? options.dataDir : undefined);
  } catch (error) {
    await db.close();
    throw error;
  }
  return storeOver(db);
}
