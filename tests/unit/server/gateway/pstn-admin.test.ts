import { describe, expect, it } from 'vitest';
import { AdminError, runPstnAdmin } from '../../../../server/src/admin/pstn-admin.js';
import { openMemoryStore } from '../../../support/store/memory-store.js';

describe('admin: pstn commands', () => {
  it('keeps a limit on a plain allow, clears it with none, and reads usage errors', async () => {
    const store = await openMemoryStore();
    await store.accounts.create(
      {
        username: 'alice',
        displayName: 'A',
        email: '',
        passwordHash: 'h',
        passwordSalt: 's',
        passwordParams: '{}',
        realm: 'r',
        ha1Md5: 'a',
        ha1Sha256: 'b',
        createdAt: 0,
      },
      { username: 'alice', domain: 'r', ha1: 'a', ha1b: 'b' },
    );
    expect(await runPstnAdmin(store, ['pstn', 'show', 'alice'], 0)).toBe(
      'alice: may not call phones; no personal daily limit; spent today 0.00',
    );
    await runPstnAdmin(store, ['pstn', 'allow', 'alice', '--daily-limit=2.5'], 0);
    expect(await runPstnAdmin(store, ['pstn', 'allow', 'alice'], 0)).toBe(
      'alice: may call phones; daily limit 2.50; spent today 0.00',
    );
    expect(await runPstnAdmin(store, ['pstn', 'allow', 'alice', '--daily-limit', 'none'], 0)).toBe(
      'alice: may call phones; no personal daily limit; spent today 0.00',
    );
    await expect(runPstnAdmin(store, ['pstn', 'grant', 'alice'], 0)).rejects.toMatchObject({ exitCode: 2 });
    await expect(runPstnAdmin(store, ['pstn', 'deny'], 0)).rejects.toBeInstanceOf(AdminError);
    await expect(
      runPstnAdmin(store, ['pstn', 'deny', 'alice', '--daily-limit', '1'], 0),
    ).rejects.toMatchObject({ exitCode: 2 });
  });
});
