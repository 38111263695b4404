/**
 * A `./data` folder written by the first release (parley.db + voicemail.db, built by that release's
 * own modules: tests/support/legacy-v1) is migrated on first start without losing a row: every row of
 * every old table is in the store afterwards, the store reads them back through its API, passwords
 * and session tokens still work, and voicemail.db is set aside as voicemail.db.migrated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountService } from '../../../server/src/accounts/account-service.js';
import { createDigestSecretSource } from '../../../server/src/accounts/digest-secret-source.js';
import { ha1Md5 } from '../../../server/src/accounts/digest-ha1.js';
import { LATEST_SCHEMA_VERSION } from '../../../server/src/store/migrations.js';
import { openStore } from '../../../server/src/store/open-store.js';
import {
  LEGACY_DOMAIN,
  LEGACY_PASSWORD,
  buildLegacyData,
  dumpTables,
} from '../../support/legacy-v1/build-legacy-data.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The row restricted to the columns the old table had (new tables may add columns). */
const project = (row: Record<string, unknown>, columns: string[]): Record<string, unknown> =>
  Object.fromEntries(columns.map((c) => [c, row[c]]));

describe('migrating a first-release ./data folder', () => {
  it('keeps every row of parley.db and voicemail.db, readable through the store', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-legacy-'));
    dirs.push(dir);
    const built = await buildLegacyData(dir, { users: 12, messages: 300, voicemails: 4 });
    const before = {
      ...dumpTables(path.join(dir, 'voicemail.db')),
      ...dumpTables(path.join(dir, 'parley.db')),
    };
    expect(before['parley_schema']).toEqual([{ version: 1 }]);
    expect(before['messaging_messages']).toHaveLength(300);
    expect(before['voicemail_outbox']).toHaveLength(4);

    const store = await openStore({ dataDir: dir });
    await store.close();
    expect(fs.existsSync(path.join(dir, 'voicemail.db'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'voicemail.db.migrated'))).toBe(true);

    const after = dumpTables(path.join(dir, 'parley.db'));
    expect(after['parley_schema']).toEqual([{ version: LATEST_SCHEMA_VERSION }]);
    for (const [table, rows] of Object.entries(before)) {
      if (table === 'parley_schema') continue;
      if (table === 'contacts') {
        // Migration 7: each row became a contact card of its owner for that user, added at the same time.
        const key = (r: Record<string, unknown>): string => JSON.stringify(r);
        expect(
          after['contact_cards']!.map((c) =>
            key({ owner: c['owner'], contact: c['username'], created_at: c['created_at'] }),
          ).sort(),
        ).toEqual(rows.map((r) => key(project(r, ['owner', 'contact', 'created_at']))).sort());
        expect(after['contacts'], 'contacts is gone once moved').toBeUndefined();
        continue;
      }
      expect(after[table], table).toBeDefined();
      const columns = Object.keys(rows[0] ?? {});
      expect(
        after[table]!.map((r) => project(r, columns)),
        table,
      ).toEqual(rows);
      expect(rows.length, table).toBeGreaterThan(0);
    }

    // Through the store's API, as the new service sees it.
    const reopened = await openStore({ dataDir: dir });
    expect((await reopened.accounts.search('', '', 100)).map((a) => a.username).sort()).toEqual(
      [...built.users].sort(),
    );
    expect((await reopened.contacts.list('alice')).map((a) => a.username)).toEqual(['bob', 'carol']);
    expect(await reopened.accounts.subscriber('bob', LEGACY_DOMAIN)).toMatchObject({
      ha1: ha1Md5('bob', LEGACY_DOMAIN, 'pw-bob'),
    });
    const unread = before['messaging_messages']!.filter(
      (m) => m['to_user'] === 'bob' && m['state'] !== 'read',
    );
    expect((await reopened.messages.conversations('bob')).reduce((n, c) => n + c.unread, 0)).toBe(
      unread.length,
    );
    const pendingBefore = before['messaging_messages']!.filter(
      (m) => m['to_user'] === 'carol' && m['state'] === 'sent' && m['failed_status'] === null,
    );
    expect((await reopened.messages.pendingFor('carol')).map((m) => m.id)).toEqual(
      pendingBefore.map((m) => m['sender_id']),
    );
    const failed = before['messaging_messages']!.find((m) => m['failed_status'] === 415)!;
    expect(await reopened.messages.bySeq(failed['seq'] as number)).toMatchObject({ state: 'failed' });

    // Voicemail: the deleted-but-unsent one stays hidden, the heard one stays heard, the first one
    // (no state row yet) gets its peaks on first listing, settings and the greeting are there.
    const list = await reopened.voicemail.list('bob');
    expect(list.map((v) => v.id).sort()).toEqual(
      built.voicemailIds
        .slice(0, -1)
        .filter((id) => id !== built.deletedVoicemailId)
        .sort(),
    );
    expect(list.find((v) => v.id === built.heardVoicemailId)?.heardAt).not.toBeNull();
    expect(await reopened.voicemail.isDeleted(built.deletedVoicemailId)).toBe(true);
    expect(await reopened.outbox.audioOf(built.deletedVoicemailId)).toBeDefined();
    expect(await reopened.voicemail.allRingTimeouts()).toEqual(
      new Map([
        ['bob', 35],
        ['carol', 8],
      ]),
    );
    expect(await reopened.voicemail.greeting('bob')).toEqual(
      fs.readFileSync(new URL('../../../assets/voicemail/greeting.opus', import.meta.url)),
    );
    expect(await reopened.outbox.pendingCount()).toBe(4); // never mailed: still due

    // The old password signs in; old session tokens still authenticate (HTTP and SIP digest).
    const accounts = createAccountService({ store: reopened, domain: LEGACY_DOMAIN });
    const session = await accounts.signIn(LEGACY_PASSWORD.username, LEGACY_PASSWORD.password, 'test');
    expect(session.account.username).toBe('alice');
    expect(await accounts.authenticateToken(built.sessionTokens[1]!)).toMatchObject({ username: 'bob' });
    const secrets = await createDigestSecretSource(reopened, LEGACY_DOMAIN).getDigestSecrets('bob');
    expect(secrets?.md5).toContain(ha1Md5('bob', LEGACY_DOMAIN, built.sessionTokens[1]!));
    await reopened.close();
  });
});
