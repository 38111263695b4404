/**
 * The desktop app's voicemail from a mailbox, end to end without an Electron binary (none can be
 * installed here): the page gets a `window.parley` built like the preload's, whose `invoke` goes to
 * the real main-process IPC dispatcher (validators + `voicemail:*` handlers + G's IMAP module) in this
 * Node process. The service runs the voicemail agent with SMTP to a real Exim; Dovecot serves IMAP.
 *
 *   Alice calls Bob ─► Bob declines ─► agent records ─► email via Exim ─► Bob's Maildir
 *   Bob's UI ─► settings: IMAP4, wrong password → "authentication failed" ─► right one → Save
 *   ─► list from IMAP ─► play (\Seen) ─► delete (\Deleted + expunge)
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ipcOk,
  type IpcInvokeChannel,
  type IpcResult,
  type SaveCredentialRequest,
} from '../../common/ipc-contract.js';
import { createIpcDispatcher, type IpcHandlers } from '../../electron/src/main/ipc/ipc-router.js';
import { createVoicemailHandlers } from '../../electron/src/main/ipc/voicemail-handlers.js';
import * as mailbox from '../../electron/src/main/mailbox/voicemail-mailbox.js';
import { pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import {
  leaveVoicemail,
  openClient,
  openSignedUp,
  screenshot,
  signUp,
  waitForText,
} from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startMailServers, type MailServers } from '../support/mail/start-mail-servers.js';
import { waitForMail } from '../support/mail/wait-for-mail.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };

/** `window.parley` as the preload builds it, but `invoke` crosses to Node through a Playwright binding. */
const BRIDGE_SHIM = `
  (() => {
    const fromWire = (result) => {
      if (result && result.ok && result.value && typeof result.value.__base64 === 'string') {
        const bin = atob(result.value.__base64);
        const data = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
        return { ok: true, value: { data, mimeType: result.value.mimeType } };
      }
      return result;
    };
    window.parley = Object.freeze({
      invoke: async (channel, ...arg) => fromWire(await window.__parleyIpc(channel, arg)),
      on: () => () => undefined,
    });
  })();
`;

describe('desktop voicemail from an IMAP4 mailbox', () => {
  let mail: MailServers;
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;
  let dir: string;

  beforeAll(async () => {
    ensureWebBuild();
    mail = await startMailServers({ users: [{ user: 'bob', password: 'bob-mail-pw' }] });
    service = await startTestService({
      voicemail: true,
      smtpUrl: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
    });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-vm-desktop-'));

    // The main process's side: the real dispatcher and voicemail handlers; the keychain is a map here
    // (safeStorage needs Electron). Other desktop channels answer harmlessly.
    const secrets = new Map<string, string>();
    const credentials = {
      status: () => ({ available: true, plainTextOnly: false, backend: 'test' }),
      save: async (r: SaveCredentialRequest) => (secrets.set(r.account, r.secret), ipcOk(null)),
      load: async (account: string) => ipcOk(secrets.get(account) ?? null),
      remove: async (account: string) => (secrets.delete(account), ipcOk(null)),
    };
    const voicemail = createVoicemailHandlers({
      sourceFile: path.join(dir, 'voicemail-source.json'),
      pop3StoreDir: path.join(dir, 'pop3'),
      credentials,
      mailbox,
    });
    const defaults: Partial<Record<IpcInvokeChannel, () => IpcResult<unknown>>> = {
      'dnd:get': () => ipcOk(false),
      'links:take-pending': () => ipcOk([]),
      'credentials:status': () => ipcOk(credentials.status()),
    };
    const handlers = new Proxy(
      {
        ...voicemail,
        'credentials:save': credentials.save,
        'credentials:load': credentials.load,
        'credentials:delete': credentials.remove,
      } as Record<string, unknown>,
      {
        get: (target, key: string) => target[key] ?? defaults[key as IpcInvokeChannel] ?? (() => ipcOk(null)),
      },
    ) as unknown as IpcHandlers;
    const dispatch = createIpcDispatcher(handlers, { isTrustedSender: () => true });

    browser = await launchChromium({ steadyTone: true });
    a = await openSignedUp(browser, service.baseUrl, alice);
    const bobContext = await browser.newContext();
    await bobContext.exposeFunction('__parleyIpc', async (channel: unknown, args: unknown[]) => {
      const result = await dispatch(channel, { senderFrame: { url: service.baseUrl } }, args);
      if (result.ok && channel === 'voicemail:fetch-audio') {
        const value = result.value as { data: Uint8Array; mimeType: string };
        return {
          ok: true,
          value: { __base64: Buffer.from(value.data).toString('base64'), mimeType: value.mimeType },
        };
      }
      return result;
    });
    await bobContext.addInitScript({ content: BRIDGE_SHIM });
    b = await openClient(bobContext, service.baseUrl);
    await signUp(b, bob);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await mail?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('a voicemail emailed by the service is listed, played and deleted over IMAP in the desktop UI', async () => {
    // Alice leaves Bob a message (Bob declines); the service emails it to bob@localhost.
    // Greeting (~9 s), beep, then ~3 s of Alice's tone: the message itself.
    await leaveVoicemail(a, b, 'bob', 13_000);
    await waitForMail(mail.maildirOf('bob'), 1);

    // Bob points the desktop app at his IMAP mailbox; a wrong password gets the clear error.
    await b.getByRole('button', { name: /^Voicemail/ }).click();
    await b.getByRole('button', { name: 'Voicemail settings', exact: true }).click();
    await b.getByRole('radio', { name: /IMAP4 mailbox/ }).check();
    await b.getByRole('textbox', { name: 'Mail server', exact: true }).fill(mail.imap.host);
    await b.getByRole('textbox', { name: 'Port', exact: true }).fill(String(mail.imap.port));
    await b.getByRole('combobox', { name: 'Encryption' }).selectOption('none');
    await b.getByRole('textbox', { name: 'User', exact: true }).fill('bob');
    await b.getByLabel('Password', { exact: true }).fill('wrong-password');
    await b.getByRole('button', { name: 'Test connection', exact: true }).click();
    await b
      .getByRole('alert')
      .getByText(/authentication failed/)
      .waitFor();
    await screenshot(b, 'voicemail-07-mailbox-auth-failed');
    await b.getByLabel('Password', { exact: true }).fill('bob-mail-pw');
    await b.getByRole('button', { name: 'Test connection', exact: true }).click();
    await waitForText(b, 'Connected: the mail server answered and the password works.');
    await b.getByRole('button', { name: 'Save voicemail source', exact: true }).click();
    await waitForText(b, 'Saved.');
    await screenshot(b, 'voicemail-08-mailbox-settings');

    // The list now comes from IMAP.
    await b.getByRole('button', { name: 'Back to voicemail' }).click();
    await b.getByText('From your mailbox (IMAP)').waitFor();
    const row = b.getByRole('listitem', { name: /^New voicemail from Alice Example/ });
    await row.waitFor({ timeout: 20_000 });
    await b.getByRole('button', { name: 'Voicemail, 1 new', exact: true }).waitFor({ state: 'attached' });
    await b.getByRole('button', { name: 'Play voicemail from Alice Example', exact: true }).click();
    const audio = b.getByRole('region', { name: 'Voicemail' }).locator('audio');
    await pollUntil(
      () => audio.evaluate((el: HTMLAudioElement) => el.currentTime),
      (t) => t > 1,
      15_000,
      'the mailbox voicemail to play',
    );
    await b.getByRole('listitem', { name: /^Voicemail from Alice Example/ }).waitFor();
    await screenshot(b, 'voicemail-09-mailbox-playing');
    const settings = {
      protocol: 'imap',
      host: mail.imap.host,
      port: mail.imap.port,
      tls: 'none',
      user: 'bob',
      password: 'bob-mail-pw',
    } as const;
    await pollUntil(
      async () => (await mailbox.listVoicemails(settings)).map((v) => v.heard),
      (heard) => heard.length === 1 && heard[0] === true,
      10_000,
      '\\Seen on the server',
    );

    await b.getByRole('button', { name: 'Delete voicemail from Alice Example', exact: true }).click();
    await b.getByText('No voicemail.', { exact: true }).waitFor();
    await pollUntil(
      async () => (await mailbox.listVoicemails(settings)).length,
      (n) => n === 0,
      10_000,
      'the voicemail to be expunged',
    );
    expect(await mailbox.listVoicemails(settings)).toEqual([]);
  });
});
