/**
 * The first release kept voicemail in a second SQLite file, `voicemail.db` next to `parley.db`
 * (tables `voicemail_outbox`, `voicemail_state`, `user_settings`, `voicemail_greeting`). Migration 3
 * copies every row into the store, inside its transaction; once that commits the old file is renamed
 * `voicemail.db.migrated` (kept as a backup, never read again).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { MigrationContext } from './migration-types.js';
import type { SqlDatabase, SqlValue } from './sql-database.js';

const TABLES = ['voicemail_outbox', 'voicemail_state', 'user_settings', 'voicemail_greeting'] as const;

export async function importLegacyVoicemail(tx: SqlDatabase, ctx: MigrationContext): Promise<void> {
  if (ctx.dataDir === undefined) return;
  const file = path.join(ctx.dataDir, 'voicemail.db');
  if (!fs.existsSync(file)) return;
  // Read-write so a WAL left by a crashed process is folded in when the handle closes.
  const legacy = new Database(file);
  try {
    for (const table of TABLES) {
      const exists = legacy
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        .get(table);
      if (!exists) continue;
      const ours = new Set(
        (await tx.all<{ name: string }>(`PRAGMA table_info(${table})`)).map((c) => c.name),
      );
      const columns = (legacy.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
        .map((c) => c.name)
        .filter((name) => ours.has(name));
      const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      for (const row of legacy.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).iterate()) {
        const values = columns.map((c) => (row as Record<string, SqlValue>)[c] ?? null);
        await tx.run(insert, values);
      }
    }
  } finally {
    legacy.close();
  }
  ctx.afterCommit.push(() => fs.renameSync(file, `${file}.migrated`));
}
