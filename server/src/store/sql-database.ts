/**
 * The one seam between the repositories and a database driver. Repositories write portable SQL with
 * `?` placeholders (the PostgreSQL backend numbers them `$1…$n`) and ask `dialect` only where the two
 * databases differ (`FOR UPDATE SKIP LOCKED`, column types in migrations).
 *
 * Both backends: `transaction(fn)` runs `fn` on one connection between BEGIN and COMMIT (ROLLBACK when
 * it throws); statements outside a transaction never see a half-done one.
 */

/** What a statement parameter may be. Buffers are BLOB (SQLite) / BYTEA (PostgreSQL). */
export type SqlValue = string | number | Buffer | null;

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlDatabase {
  readonly dialect: SqlDialect;
  /** Every row of a query (or of a statement with RETURNING). */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row, if any. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** A statement without result rows; returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction on one connection. Nested calls join the outer transaction. */
  transaction<T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The database cannot be reached right now (connection refused, server shut down, pool exhausted).
 * The HTTP edge answers 503 and the SIP edge 503 with Retry-After; the driver reconnects by itself.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** `FOR UPDATE SKIP LOCKED` on PostgreSQL; nothing on SQLite, where a write transaction is exclusive. */
export function skipLocked(db: SqlDatabase): string {
  return db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
}
