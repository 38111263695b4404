import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcError, ipcOk, type SaveCredentialRequest } from '../../../../../common/ipc-contract.js';
import {
  createVoicemailHandlers,
  mailboxAccountKey,
  type MailboxApi,
} from '../../../../../electron/src/main/ipc/voicemail-handlers.js';
import {
  MailboxError,
  type MailboxSettings,
} from '../../../../../electron/src/main/mailbox/mailbox-types.js';

const SUMMARY = {
  id: '17:42',
  caller: 'Alice Example',
  callerUri: 'sip:alice@parley.test',
  receivedAt: 1_700_000_000_000,
  durationSec: 4.2,
  heard: false,
  subject: 'Voicemail from Alice Example (0:04)',
};

function fakeCredentials(options: { plainTextOnly?: boolean } = {}) {
  const secrets = new Map<string, string>();
  return {
    secrets,
    async save(request: SaveCredentialRequest) {
      if (options.plainTextOnly && request.allowPlainText !== true)
        return ipcError<null>('plain_text_only', 'No keyring: the password would be stored as plain text.');
      secrets.set(request.account, request.secret);
      return ipcOk(null);
    },
    async load(account: string) {
      return ipcOk(secrets.get(account) ?? null);
    },
    async remove(account: string) {
      secrets.delete(account);
      return ipcOk(null);
    },
  };
}

function fakeMailbox(behaviour: { fail?: MailboxError; offline?: boolean } = {}) {
  const calls: Array<[string, MailboxSettings, ...unknown[]]> = [];
  let active = 0;
  let maxActive = 0;
  const step = async <T>(name: string, settings: MailboxSettings, value: T, ...rest: unknown[]) => {
    calls.push([name, settings, ...rest]);
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setImmediate(resolve));
    active--;
    if (behaviour.fail) throw behaviour.fail;
    return value;
  };
  const api: MailboxApi = {
    listVoicemails: (s) =>
      behaviour.offline
        ? Promise.reject(new MailboxError('unreachable', `server not reachable: ${s.host}:${s.port}`))
        : step('list', s, [SUMMARY]),
    listOfflineVoicemails: async (s) => (calls.push(['offline', s]), [{ ...SUMMARY, heard: true }]),
    fetchVoicemail: (s, id) =>
      step(
        'fetch',
        s,
        { summary: SUMMARY, audio: Buffer.from('OggS-fake'), mimeType: 'audio/ogg', filename: 'vm.ogg' },
        id,
      ),
    markHeard: (s, id, heard) => step('heard', s, undefined, id, heard),
    deleteVoicemail: (s, id) => step('delete', s, undefined, id),
    checkMailbox: (s) => step('check', s, undefined),
  };
  return { api, calls, maxActive: () => maxActive };
}

const IMAP = {
  kind: 'imap',
  host: 'mail.parley.test',
  port: 993,
  tls: 'implicit',
  user: 'alice',
} as const;

describe('voicemail IPC handlers (mailbox source)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-vm-ipc-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  function setup(mailbox = fakeMailbox(), credentials = fakeCredentials()) {
    const handlers = createVoicemailHandlers({
      sourceFile: path.join(dir, 'voicemail-source.json'),
      pop3StoreDir: path.join(dir, 'pop3'),
      credentials,
      mailbox: mailbox.api,
    });
    return { handlers, mailbox, credentials };
  }

  it('starts on the service source; a mailbox source is saved without its password, which goes to the keychain', async () => {
    const { handlers, credentials } = setup();
    expect(await handlers['voicemail:get-source']()).toEqual(ipcOk({ kind: 'service' }));
    expect(await handlers['voicemail:list']()).toMatchObject({
      ok: false,
      error: { code: 'not_configured' },
    });

    const saved = await handlers['voicemail:save-source']({ ...IMAP, password: 's3cret' });
    expect(saved).toEqual(ipcOk({ ...IMAP, leaveCopy: false, hasPassword: true }));
    const file = await fs.readFile(path.join(dir, 'voicemail-source.json'), 'utf8');
    expect(file).not.toContain('s3cret');
    expect(credentials.secrets.get(mailboxAccountKey(IMAP))).toBe('s3cret');

    // Saving again without a password keeps the stored one.
    expect(await handlers['voicemail:save-source'](IMAP)).toMatchObject({
      ok: true,
      value: { hasPassword: true },
    });
    // Switching back to the service forgets the mailbox password.
    expect(await handlers['voicemail:save-source']({ kind: 'service' })).toEqual(ipcOk({ kind: 'service' }));
    expect(credentials.secrets.size).toBe(0);
  });

  it('lists, fetches, marks heard and deletes through the mailbox module with the stored password', async () => {
    const { handlers, mailbox } = setup();
    await handlers['voicemail:save-source']({ ...IMAP, password: 's3cret' });
    expect(await handlers['voicemail:list']()).toEqual(
      ipcOk({
        voicemails: [
          {
            id: '17:42',
            caller: 'Alice Example',
            callerUri: 'sip:alice@parley.test',
            receivedAt: 1_700_000_000_000,
            durationMs: 4200,
            heard: false,
          },
        ],
      }),
    );
    const audio = await handlers['voicemail:fetch-audio']('17:42');
    expect(audio.ok && Buffer.from(audio.value.data).toString()).toBe('OggS-fake');
    expect(audio.ok && audio.value.data instanceof Uint8Array).toBe(true);
    expect(await handlers['voicemail:mark-heard']({ id: '17:42', heard: true })).toEqual(ipcOk(null));
    expect(await handlers['voicemail:delete']('17:42')).toEqual(ipcOk(null));
    expect(mailbox.calls.map(([name, , ...rest]) => [name, ...rest])).toEqual([
      ['list'],
      ['fetch', '17:42'],
      ['heard', '17:42', true],
      ['delete', '17:42'],
    ]);
    expect(mailbox.calls[0]![1]).toMatchObject({ protocol: 'imap', password: 's3cret', tls: 'implicit' });
  });

  it('runs mailbox work one at a time (a POP3 maildrop is locked per session)', async () => {
    const { handlers, mailbox } = setup();
    await handlers['voicemail:save-source']({ ...IMAP, password: 'pw' });
    await Promise.all([
      handlers['voicemail:list'](),
      handlers['voicemail:fetch-audio']('17:42'),
      handlers['voicemail:delete']('17:42'),
    ]);
    expect(mailbox.maxActive()).toBe(1);
  });

  it('tests a connection with the typed password or the stored one, with the module’s clear errors', async () => {
    const failing = fakeMailbox({
      fail: new MailboxError('auth-failed', 'authentication failed for this user at mail.parley.test:993'),
    });
    const { handlers } = setup(failing);
    expect(await handlers['voicemail:check-source']({ ...IMAP })).toEqual(
      ipcError('not_configured', 'Enter the mailbox password in Voicemail settings.'),
    );
    expect(await handlers['voicemail:check-source']({ ...IMAP, password: 'wrong' })).toEqual(
      ipcError('auth_failed', 'authentication failed for this user at mail.parley.test:993'),
    );
    expect(failing.calls[0]![1].password).toBe('wrong');
    for (const [code, ipc] of [
      ['unreachable', 'unreachable'],
      ['tls-required', 'tls_required'],
      ['invalid-settings', 'invalid_argument'],
      ['protocol', 'mail_error'],
    ] as const) {
      const { handlers: h } = setup(fakeMailbox({ fail: new MailboxError(code, `because ${code}`) }));
      expect(await h['voicemail:check-source']({ ...IMAP, password: 'x' })).toEqual(
        ipcError(ipc, `because ${code}`),
      );
    }
    expect(await handlers['voicemail:check-source']({ kind: 'service' })).toEqual(ipcOk(null));
  });

  it('POP3 offline: lists the downloaded voicemails with a note', async () => {
    const mailbox = fakeMailbox({ offline: true });
    const { handlers } = setup(mailbox);
    await handlers['voicemail:save-source']({
      kind: 'pop3',
      host: 'mail.parley.test',
      port: 995,
      tls: 'implicit',
      user: 'alice',
      password: 'pw',
      leaveCopy: true,
    });
    const list = await handlers['voicemail:list']();
    expect(list).toMatchObject({ ok: true, value: { voicemails: [{ id: '17:42', heard: true }] } });
    expect(list.ok && list.value.offlineNote).toContain('server not reachable: mail.parley.test:995');
    expect(mailbox.calls[0]![1]).toMatchObject({ leaveCopy: true, storeDir: path.join(dir, 'pop3') });
  });

  it('does not save a mailbox whose password cannot be kept safely, unless the user agrees', async () => {
    const { handlers, credentials } = setup(fakeMailbox(), fakeCredentials({ plainTextOnly: true }));
    expect(await handlers['voicemail:save-source']({ ...IMAP, password: 'pw' })).toMatchObject({
      ok: false,
      error: { code: 'plain_text_only' },
    });
    expect(await handlers['voicemail:get-source']()).toEqual(ipcOk({ kind: 'service' }));
    expect(
      await handlers['voicemail:save-source']({ ...IMAP, password: 'pw', allowPlainText: true }),
    ).toMatchObject({
      ok: true,
    });
    expect(credentials.secrets.size).toBe(1);
  });

  it('an unexpected failure is thrown for the router to log as internal (never a raw message to the page)', async () => {
    const mailbox = fakeMailbox({ fail: new Error('ENOENT /home/alice/secret') as MailboxError });
    const { handlers } = setup(mailbox);
    await handlers['voicemail:save-source']({ ...IMAP, password: 'pw' });
    await expect(handlers['voicemail:list']()).rejects.toThrow('ENOENT');
  });
});
