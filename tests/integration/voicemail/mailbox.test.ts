/**
 * The desktop's mailbox module (electron/src/main/mailbox, Node only) against a real Dovecot, with mail
 * delivered by a real Exim: IMAP keeps voicemails and flags them, POP3 downloads and deletes them (or
 * leaves a copy), other mail is left alone, and errors say what is wrong.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkMailbox,
  deleteVoicemail,
  fetchVoicemail,
  listOfflineVoicemails,
  listVoicemails,
  markHeard,
  type MailboxSettings,
} from '../../../electron/src/main/mailbox/voicemail-mailbox.js';
import { composeVoicemailEmail } from '../../../server/src/mail/voicemail-email.js';
import { OggOpusWriter } from '../../../server/src/mail/ogg-opus-writer.js';
import { startMailServers, type MailServers } from '../../support/mail/start-mail-servers.js';
import { listMaildir, waitForMail } from '../../support/mail/wait-for-mail.js';

describe('voicemail mailbox over IMAP4 and POP3 (real Dovecot)', () => {
  let mail: MailServers;
  let dir: string;
  let sendVoicemail: (to: string, caller: string, seconds: number) => Promise<void>;

  beforeAll(async () => {
    mail = await startMailServers({
      users: [
        { user: 'carol', password: 'carol-pw' },
        { user: 'dave', password: 'dave-pw' },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'parley-mailbox-'));
    const smtp = nodemailer.createTransport({ host: mail.smtp.host, port: mail.smtp.port, secure: false });
    let n = 0;
    sendVoicemail = async (to, caller, seconds) => {
      const writer = new OggOpusWriter();
      writer.padTo(48_000 * seconds);
      await smtp.sendMail(
        composeVoicemailEmail(
          {
            to,
            callee: to.split('@')[0]!,
            callerName: caller,
            callerUri: `sip:${caller.toLowerCase()}@parley.test`,
            startedAt: Date.now() - 600_000 + n * 60_000,
            durationMs: seconds * 1000,
            audio: writer.finish(),
          },
          { id: `t${n++}`, from: 'voicemail@parley.test', domain: 'parley.test' },
        ),
      );
    };
  });
  afterAll(async () => {
    await mail?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const imap = (user: string, password = `${user}-pw`): MailboxSettings => ({
    protocol: 'imap',
    host: mail.imap.host,
    port: mail.imap.port,
    tls: 'none',
    user,
    password,
  });
  const pop3 = (user: string, extra: Partial<MailboxSettings> = {}): MailboxSettings => ({
    protocol: 'pop3',
    host: mail.pop3.host,
    port: mail.pop3.port,
    tls: 'none',
    user,
    password: `${user}-pw`,
    storeDir: join(dir, user),
    ...extra,
  });

  it('IMAP: lists only voicemails, fetches the Ogg, marks heard (kept, \\Seen), deletes (expunged)', async () => {
    await sendVoicemail('carol@parley.test', 'Alice', 7);
    await nodemailer.createTransport({ host: mail.smtp.host, port: mail.smtp.port, secure: false }).sendMail({
      from: 'x@parley.test',
      to: 'carol@parley.test',
      subject: 'Lunch?',
      text: 'not a voicemail',
    });
    await sendVoicemail('carol@parley.test', 'Bob', 65);
    await waitForMail(mail.maildirOf('carol'), 3);

    const list = await listVoicemails(imap('carol'));
    expect(list.map((v) => [v.caller, v.durationSec, v.heard])).toEqual([
      ['Bob', 65, false],
      ['Alice', 7, false],
    ]);
    expect(list[0]!.callerUri).toBe('sip:bob@parley.test');
    const recording = await fetchVoicemail(imap('carol'), list[1]!.id);
    expect(recording.mimeType).toBe('audio/ogg');
    expect(recording.audio.subarray(0, 4).toString()).toBe('OggS');
    expect((await listVoicemails(imap('carol')))[1]!.heard).toBe(false); // reading is not hearing

    await markHeard(imap('carol'), list[1]!.id);
    const after = await listVoicemails(imap('carol'));
    expect(after.map((v) => v.heard)).toEqual([false, true]);

    await deleteVoicemail(imap('carol'), list[0]!.id);
    expect((await listVoicemails(imap('carol'))).map((v) => v.caller)).toEqual(['Alice']);
    expect((await listMaildir(mail.maildirOf('carol'))).length).toBe(2); // the voicemail left and "Lunch?"
    await expect(fetchVoicemail(imap('carol'), list[0]!.id)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('POP3: downloads voicemails, deletes them from the server at QUIT, keeps them playable offline', async () => {
    await sendVoicemail('dave@parley.test', 'Erin', 5);
    await nodemailer.createTransport({ host: mail.smtp.host, port: mail.smtp.port, secure: false }).sendMail({
      from: 'x@parley.test',
      to: 'dave@parley.test',
      subject: 'Newsletter',
      text: 'not a voicemail',
    });
    await waitForMail(mail.maildirOf('dave'), 2);

    // "Leave a copy" first: downloaded, still on the server.
    const kept = await listVoicemails(pop3('dave', { leaveCopy: true, storeDir: join(dir, 'dave-copy') }));
    expect(kept.map((v) => v.caller)).toEqual(['Erin']);
    expect((await listMaildir(mail.maildirOf('dave'))).length).toBe(2);

    const list = await listVoicemails(pop3('dave'));
    expect(list.map((v) => [v.caller, v.durationSec, v.heard])).toEqual([['Erin', 5, false]]);
    expect((await listMaildir(mail.maildirOf('dave'))).length).toBe(1); // only the newsletter is left

    await mail.stopSmtp(); // irrelevant to POP3, but the server being "elsewhere" must not matter offline:
    const offline = await listOfflineVoicemails(pop3('dave', { port: 1 }));
    expect(offline.map((v) => v.id)).toEqual([list[0]!.id]);
    const recording = await fetchVoicemail(pop3('dave', { port: 1 }), list[0]!.id);
    expect(recording.audio.subarray(0, 4).toString()).toBe('OggS');
    await markHeard(pop3('dave'), list[0]!.id);
    expect((await listVoicemails(pop3('dave')))[0]!.heard).toBe(true);
    await deleteVoicemail(pop3('dave'), list[0]!.id);
    expect(await listVoicemails(pop3('dave'))).toEqual([]);
    await mail.startSmtp();
  });

  it('says "authentication failed", "server not reachable", and rejects bad settings before connecting', async () => {
    await expect(checkMailbox(imap('carol', 'wrong'))).rejects.toMatchObject({
      code: 'auth-failed',
      message: expect.stringContaining('authentication failed'),
    });
    await expect(checkMailbox({ ...pop3('dave'), password: 'wrong' })).rejects.toMatchObject({
      code: 'auth-failed',
    });
    await expect(checkMailbox({ ...imap('carol'), port: 1 })).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining('server not reachable'),
    });
    await expect(checkMailbox({ ...pop3('dave'), port: 1 })).rejects.toMatchObject({ code: 'unreachable' });
    await expect(checkMailbox({ ...pop3('dave'), tls: 'starttls' })).rejects.toMatchObject({
      code: 'invalid-settings',
    });
    await expect(checkMailbox(imap('carol'))).resolves.toBeUndefined();
    await expect(checkMailbox(pop3('dave'))).resolves.toBeUndefined();
  });
});
