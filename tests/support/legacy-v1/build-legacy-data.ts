/**
 * Builds a `./data` folder the way the first release (commit 0d32493) wrote it, through that
 * release's own modules (the frozen copies beside this file): `parley.db` with accounts, sessions,
 * contacts, Kamailio subscriber rows and the messaging tables, and `voicemail.db` with the outbox,
 * voicemail state, ring times and greetings.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../../../common/logger.js';
import { ha1Md5, ha1Sha256, ha1bMd5, hashToken } from '../../../server/src/accounts/digest-ha1.js';
import { hashPassword } from '../../../server/src/accounts/password-hash.js';
import { OggOpusWriter } from '../../../server/src/mail/ogg-opus-writer.js';
import { MessageStore, openMessagingDatabase } from './message-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { createVoicemailBox } from './voicemail-box.js';
import { createVoicemailOutbox } from './voicemail-outbox.js';

export const LEGACY_DOMAIN = 'legacy.test';
/** The one account with a real password (scrypt is slow; the others get placeholder hashes). */
export const LEGACY_PASSWORD = { username: 'alice', password: 'alice-old-password' } as const;

export interface LegacyDataOptions {
  readonly users?: number;
  readonly messages?: number;
  readonly voicemails?: number;
}

export interface LegacyDataSummary {
  readonly users: string[];
  readonly sessionTokens: string[];
  readonly voicemailIds: string[];
  /** The voicemail the user deleted while it still waited for the mail server (hidden, kept). */
  readonly deletedVoicemailId: string;
  readonly heardVoicemailId: string;
}

/** A short Ogg Opus recording (silence packets, like the agent writes for gaps). */
function recording(seconds: number): Buffer {
  const writer = new OggOpusWriter();
  writer.padTo(48_000 * seconds);
  return writer.finish();
}

export async function buildLegacyData(
  dir: string,
  options: LegacyDataOptions = {},
): Promise<LegacyDataSummary> {
  const userCount = Math.max(4, options.users ?? 12);
  const messageCount = options.messages ?? 300;
  const voicemailCount = Math.max(3, options.voicemails ?? 4);
  fs.mkdirSync(dir, { recursive: true });
  const now = 1_760_000_000_000;

  // 1. Accounts, sessions, contacts (server/src/store of that release).
  const store = openSqliteStore(dir);
  const users = ['alice', 'bob', 'carol', ...Array.from({ length: userCount - 3 }, (_v, i) => `user${i}`)];
  const real = await hashPassword(LEGACY_PASSWORD.password);
  for (const [i, username] of users.entries()) {
    const password = username === LEGACY_PASSWORD.username ? LEGACY_PASSWORD.password : `pw-${username}`;
    store.createAccount(
      {
        username,
        displayName: `${username[0]!.toUpperCase()}${username.slice(1)} Example`,
        email: i % 2 ? `${username}@mail.example` : '',
        passwordHash: username === LEGACY_PASSWORD.username ? real.hash : `hash-${username}`,
        passwordSalt: username === LEGACY_PASSWORD.username ? real.salt : `salt-${username}`,
        passwordParams: real.params,
        realm: LEGACY_DOMAIN,
        ha1Md5: ha1Md5(username, LEGACY_DOMAIN, password),
        ha1Sha256: ha1Sha256(username, LEGACY_DOMAIN, password),
        createdAt: now + i,
      },
      {
        username,
        domain: LEGACY_DOMAIN,
        ha1: ha1Md5(username, LEGACY_DOMAIN, password),
        ha1b: ha1bMd5(username, LEGACY_DOMAIN, password),
      },
    );
  }
  const sessionTokens = ['token-a', 'token-b', 'token-c'];
  for (const [i, token] of sessionTokens.entries()) {
    const username = users[i % 2]!;
    store.createSession({
      tokenHash: hashToken(token),
      username,
      createdAt: now,
      expiresAt: now + 10 * 365 * 86_400_000,
      realm: LEGACY_DOMAIN,
      ha1Md5: ha1Md5(username, LEGACY_DOMAIN, token),
      ha1Sha256: ha1Sha256(username, LEGACY_DOMAIN, token),
    });
  }
  store.addContact('alice', 'bob', now);
  store.addContact('alice', 'carol', now + 1);
  store.addContact('bob', 'alice', now + 2);
  store.close();

  // 2. Messages: the messaging room's own tables in the same parley.db.
  const messagingDb = openMessagingDatabase(path.join(dir, 'parley.db'));
  const messages = new MessageStore(messagingDb);
  const insertAll = messagingDb.transaction(() => {
    for (let i = 0; i < messageCount; i++) {
      const from = users[i % users.length]!;
      const to = users[(i * 7 + 1) % users.length]!;
      const { message } = messages.insert(from, to, `m-${i}`, `message ${i} from ${from} ✓`, now + i);
      if (i % 5 === 1) messages.markDelivered(message.seq, now + i + 1);
      if (i % 97 === 3) messages.markFailed(message.seq, 415, 'Unsupported Media Type', now + i + 2);
    }
  });
  insertAll();
  messages.markRead('bob', 'alice', now + messageCount);
  messagingDb.close();

  // 3. Voicemail: voicemail.db (outbox + box), mailing on, so a deleted unsent one is kept hidden.
  const vmDb = new Database(path.join(dir, 'voicemail.db'));
  vmDb.pragma('journal_mode = WAL');
  const outbox = createVoicemailOutbox({
    db: vmDb,
    smtpUrl: undefined,
    domain: LEGACY_DOMAIN,
    logger: silentLogger,
  });
  const box = createVoicemailBox({ db: vmDb, domain: LEGACY_DOMAIN, mailing: true, now: () => now });
  const voicemailIds: string[] = [];
  for (let i = 0; i < voicemailCount; i++) {
    const id = outbox.enqueue({
      to: 'bob@mail.example',
      callee: i === voicemailCount - 1 ? 'carol' : 'bob',
      callerName: i % 2 ? 'Alice Example' : '',
      callerUri: i % 2 ? `sip:alice@${LEGACY_DOMAIN}` : 'sip:+15551234567@carrier.example',
      startedAt: now + i * 60_000,
      durationMs: 1500 + i * 500,
      audio: recording(1.5 + i * 0.5),
    });
    voicemailIds.push(id);
    if (i > 0) box.recorded(id); // the first one has no state row yet (a crash before its peaks)
  }
  box.markHeard('bob', voicemailIds[1]!);
  box.remove('bob', voicemailIds[2]!);
  box.setRingTimeoutSec('bob', 35);
  box.setRingTimeoutSec('carol', 8);
  box.setGreeting(
    'bob',
    fs.readFileSync(new URL('../../../assets/voicemail/greeting.opus', import.meta.url)),
  );
  vmDb.close();
  return {
    users,
    sessionTokens,
    voicemailIds,
    deletedVoicemailId: voicemailIds[2]!,
    heardVoicemailId: voicemailIds[1]!,
  };
}

/** Every row of every table of a SQLite file, by table (for before/after comparisons). */
export function dumpTables(file: string): Record<string, Record<string, unknown>[]> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        db.prepare(`SELECT * FROM ${name} ORDER BY rowid`).all() as Record<string, unknown>[],
      ]),
    );
  } finally {
    db.close();
  }
}
