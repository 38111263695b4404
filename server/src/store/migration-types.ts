/** The shape of one schema step (./migrations.ts) and what a step's code is given. */
import type { SqlDatabase, SqlDialect } from './sql-database.js';

export interface MigrationContext {
  /** The data folder (SQLite only): where a legacy `voicemail.db` may sit. */
  readonly dataDir?: string;
  /** Work to do once every step has committed (e.g. renaming an imported legacy file). */
  readonly afterCommit: (() => void)[];
}

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: Readonly<Record<SqlDialect, string>>;
  /** Runs after `sql`, in the same transaction. */
  readonly after?: (tx: SqlDatabase, ctx: MigrationContext) => Promise<void>;
}
