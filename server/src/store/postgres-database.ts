/**
 * `SqlDatabase` over a node-postgres `Pool` (PARLEY_DATABASE_URL=postgres://user:pass@host:port/db).
 * Placeholders `?` become `$1…$n`; BIGINT and NUMERIC come back as JavaScript numbers (every value
 * Parley stores fits: millisecond times, sequence numbers, counts).
 *
 * The pool reconnects by itself: a statement while the server is away fails with
 * `StoreUnavailableError` (the edges answer 503), and the next one after it returns simply works.
 */
import pg from 'pg';
import type { Logger } from '../../../common/logger.js';
import { StoreUnavailableError, type SqlDatabase, type SqlValue } from './sql-database.js';

export interface PostgresOptions {
  readonly url: string;
  readonly logger?: Logger;
  /** Connections in the pool (default 10). */
  readonly maxConnections?: number;
  /** How long to wait for a connection, ms (default 5000). */
  readonly connectTimeoutMs?: number;
}

const NUMERIC_OIDS = new Set([20 /* int8 */, 1700 /* numeric */]);
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (NUMERIC_OIDS.has(oid) && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

/** `?` → `$n`. Parley's SQL never puts a `?` inside a string literal. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Errors that mean "the database is not there", as opposed to a bad statement or a constraint. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  const code = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code))
    return true;
  // 08: connection exception; 57P01-03: admin/crash shutdown, cannot connect now; 53300: too many connections.
  if (/^08|^57P0[123]$|^53300$/.test(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}

const unavailable = (error: unknown): unknown =>
  isConnectionError(error)
    ? new StoreUnavailableError(`database unavailable: ${(error as Error).message}`, { cause: error })
    : error;

type Queryable = Pick<pg.PoolClient, 'query'>;

function over(q: Queryable, transaction: SqlDatabase['transaction']): SqlDatabase {
  const query = async <T>(
    sql: string,
    params: readonly SqlValue[],
  ): Promise<pg.QueryResult<T & pg.QueryResultRow>> => {
    try {
      return await q.query<T & pg.QueryResultRow>(numbered(sql), params as SqlValue[]);
    } catch (error) {
      throw unavailable(error);
    }
  };
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await query<T>(sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await query<T>(sql, params)).rows[0] as T | undefined,
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
    exec: async (sql) => {
      try {
        await q.query(sql);
      } catch (error) {
        throw unavailable(error);
      }
    },
    transaction,
    close: () => Promise.resolve(),
  };
}

/** A pool; `connect()` proves the URL, the credentials and the database before the service starts. */
export async function openPostgresDatabase(options: PostgresOptions): Promise<SqlDatabase> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    types,
  });
  // An idle client losing its server must not crash the process: the pool drops it and reconnects.
  pool.on('error', (error) => {
    options.logger?.warn({ tnx: 'db', err: error.message }, 'database connection lost');
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreUnavailableError(describeConnectError(options.url, error), { cause: error });
  }

  const transaction = async <T>(fn: (tx: SqlDatabase) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw unavailable(error);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const tx = over(client, (inner) => inner(tx));
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw unavailable(error);
    } finally {
      client.release(broken);
    }
  };

  const db = over(pool, transaction);
  return { ...db, close: () => pool.end() };
}

/** One line naming the server (never the password) and what went wrong. */
function describeConnectError(url: string, error: unknown): string {
  let where = 'the database';
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    // keep the generic name
  }
  const e = error as { code?: string; message?: string };
  if (e.code === '28P01' || e.code === '28000')
    return `cannot sign in to PostgreSQL at ${where}: wrong user or password`;
  if (e.code === '3D000') return `PostgreSQL at ${where}: no such database`;
  if (e.code === 'ECONNREFUSED') return `cannot reach PostgreSQL at ${where}: connection refused`;
  if (e.code === 'ENOTFOUND') return `cannot reach PostgreSQL at ${where}: unknown host`;
  return `cannot reach PostgreSQL at ${where}: ${(e.message ?? String(error)).split('\n')[0]}`;
}
