/**
 * The PSTN gateway's durable data (issue 11): who may call phones (and their daily spend cap), and one
 * call detail record (CDR) per phone call. Money is stored as integer micro-units of the rates' currency
 * (server/src/gateway/money.ts), never as floating point. Times are milliseconds since the epoch.
 */
import type { SqlDatabase } from './sql-database.js';

/** Migration 4 (./migrations.ts); `int` is the 64-bit integer type of the dialect. */
export const PSTN_SQL = (int: string): string => `
  CREATE TABLE pstn_permissions (
    username           TEXT PRIMARY KEY NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    allowed            INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    daily_limit_micros ${int},
    updated_at         ${int} NOT NULL
  );
  CREATE TABLE pstn_calls (
    call_id        TEXT PRIMARY KEY NOT NULL,
    username       TEXT NOT NULL,
    e164           TEXT NOT NULL,
    destination    TEXT NOT NULL,
    trunk          TEXT,
    started_at     ${int} NOT NULL,
    answered_at    ${int},
    ended_at       ${int} NOT NULL,
    billed_seconds INTEGER NOT NULL,
    cost_micros    ${int} NOT NULL,
    currency       TEXT NOT NULL,
    cause          TEXT NOT NULL
  );
  CREATE INDEX pstn_calls_by_user ON pstn_calls (username, started_at);
  `;

export interface PstnPermission {
  readonly username: string;
  readonly allowed: boolean;
  /** Micro-units per UTC day; null = the gateway file's default (if any). */
  readonly dailyLimitMicros: number | null;
  readonly updatedAt: number;
}

/** One phone call (who, number, trunk, start, answer, end, billed duration, cost, cause). */
export interface PstnCallRecord {
  /** SIP Call-ID of the user's leg. */
  readonly callId: string;
  readonly username: string;
  readonly e164: string;
  readonly destination: string;
  /** Trunk that carried it; null when no trunk took it. */
  readonly trunk: string | null;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number;
  readonly billedSeconds: number;
  readonly costMicros: number;
  readonly currency: string;
  readonly cause: string;
}

export interface PstnRepository {
  permission(username: string): Promise<PstnPermission | undefined>;
  /** Grants or withdraws; the account must exist (foreign key). */
  setPermission(
    username: string,
    allowed: boolean,
    dailyLimitMicros: number | null,
    now: number,
  ): Promise<void>;
  /** Writes a CDR once; a second write of the same Call-ID is ignored (returns false). */
  insertCall(record: PstnCallRecord): Promise<boolean>;
  /** The user's own call with this Call-ID. */
  call(username: string, callId: string): Promise<PstnCallRecord | undefined>;
  /** What the user's calls started at or after `since` cost, in micro-units. */
  spentSince(username: string, since: number): Promise<number>;
}

interface CallRow {
  call_id: string;
  username: string;
  e164: string;
  destination: string;
  trunk: string | null;
  started_at: number;
  answered_at: number | null;
  ended_at: number;
  billed_seconds: number;
  cost_micros: number;
  currency: string;
  cause: string;
}

const toCall = (r: CallRow): PstnCallRecord => ({
  callId: r.call_id,
  username: r.username,
  e164: r.e164,
  destination: r.destination,
  trunk: r.trunk,
  startedAt: r.started_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  billedSeconds: r.billed_seconds,
  costMicros: r.cost_micros,
  currency: r.currency,
  cause: r.cause,
});

export function createPstnRepository(db: SqlDatabase): PstnRepository {
  return {
    async permission(username) {
      const row = await db.get<{
        username: string;
        allowed: number;
        daily_limit_micros: number | null;
        updated_at: number;
      }>('SELECT * FROM pstn_permissions WHERE username = ?', [username]);
      return row === undefined
        ? undefined
        : {
            username: row.username,
            allowed: row.allowed === 1,
            dailyLimitMicros: row.daily_limit_micros,
            updatedAt: row.updated_at,
          };
    },
    async setPermission(username, allowed, dailyLimitMicros, now) {
      await db.run(
        `INSERT INTO pstn_permissions (username, allowed, daily_limit_micros, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (username) DO UPDATE SET allowed = excluded.allowed,
           daily_limit_micros = excluded.daily_limit_micros, updated_at = excluded.updated_at`,
        [username, allowed ? 1 : 0, dailyLimitMicros, now],
      );
    },
    async insertCall(r) {
      const changed = await db.run(
        `INSERT INTO pstn_calls (call_id, username, e164, destination, trunk, started_at, answered_at,
           ended_at, billed_seconds, cost_micros, currency, cause)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING`,
        [
          r.callId,
          r.username,
          r.e164,
          r.destination,
          r.trunk,
          r.startedAt,
          r.answeredAt,
          r.endedAt,
          r.billedSeconds,
          r.costMicros,
          r.currency,
          r.cause,
        ],
      );
      return changed > 0;
    },
    async call(username, callId) {
      const row = await db.get<CallRow>('SELECT * FROM pstn_calls WHERE call_id = ? AND username = ?', [
        callId,
        username,
      ]);
      return row && toCall(row);
    },
    async spentSince(username, since) {
      const row = await db.get<{ spent: number | null }>(
        'SELECT SUM(cost_micros) AS spent FROM pstn_calls WHERE username = ? AND started_at >= ?',
        [username, since],
      );
      return Number(row?.spent ?? 0);
    },
  };
}
