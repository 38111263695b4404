import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../../server/src/logging/json-logger.js';
import { openStore } from '../../../server/src/store/open-store.js';
import { createVoicemailOutbox } from '../../../server/src/mail/voicemail-outbox.js';
import type { Voicemail } from '../../../server/src/mail/voicemail-email.js';
import { OggOpusWriter } from '../../../server/src/mail/ogg-opus-writer.js';
import { startMailServers, type MailServers } from '../../support/mail/start-mail-servers.js';
import { listMaildir, waitForMail } from '../../support/mail/wait-for-mail.js';

function sampleVoicemail(to: string): Voicemail {
  const writer = new OggOpusWriter();
  writer.padTo(48_000 * 42.4);
  return {
    to,
    callee: 'bob',
    callerName: 'Alice',
    callerUri: 'sip:alice@parley.test',
    startedAt: Date.UTC(2026, 10, 30, 3, 29, 9),
    durationMs: 42_400,
    audio: writer.finish(),
  };
}

describe('voicemail outbox → real Exim → Maildir', () => {
  let mail: MailServers;
  let dir: string;
  const logLines: string[] = [];
  const logger = createJsonLogger('debug', (line) => logLines.push(line));

  beforeAll(async () => {
    mail = await startMailServers({ users: [{ user: 'bob', password: 'bob-secret' }] });
    dir = mkdtempSync(join(tmpdir(), 'parley-outbox-'));
  });
  afterAll(async () => {
    await mail?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the email with subject, body, headers and the Ogg attachment', async () => {
    const store = await openStore({ dataDir: join(dir, 'a') });
    const outbox = createVoicemailOutbox({
      store: store.outbox,
      smtpUrl: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
      domain: 'parley.test',
      logger,
    });
    outbox.start();
    const sent = new Promise<string>((resolve) => outbox.onSent(resolve));
    const voicemail = sampleVoicemail('bob@parley.test');
    const id = await outbox.enqueue(voicemail);
    expect(await sent).toBe(id);
    const [file] = await waitForMail(mail.maildirOf('bob'));
    const parsed = await simpleParser(readFileSync(file!));
    expect(parsed.subject).toBe('Voicemail from Alice (0:42)');
    expect(parsed.headers.get('x-parley-voicemail')).toBe('1');
    expect(parsed.headers.get('x-parley-caller')).toBe('sip:alice@parley.test');
    expect(parsed.headers.get('x-parley-duration')).toBe('42');
    expect(parsed.text).toContain('Length:   0:42');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.contentType).toBe('audio/ogg');
    expect(Buffer.compare(parsed.attachments[0]!.content, voicemail.audio)).toBe(0);
    // The service keeps its own copy.
    expect((await outbox.listFor('bob')).map((v) => v.id)).toContain(id);
    expect((await outbox.audioOf(id))?.length).toBe(voicemail.audio.length);
    await outbox.stop();
    await store.close();
  });

  it('keeps a voicemail while SMTP is down, across an outbox restart, and sends it once when back', async () => {
    const maildir = mail.maildirOf('bob');
    const before = (await listMaildir(maildir)).length;
    await mail.stopSmtp();
    const dataDir = join(dir, 'b');
    const smtpUrl = `smtp://${mail.smtp.host}:${mail.smtp.port}`;
    const retry = { initialMs: 100, maxMs: 400 };

    const store1 = await openStore({ dataDir });
    // Credentials in the URL must never reach the logs.
    const withSecret = `smtp://voicemail:hunter2@${mail.smtp.host}:${mail.smtp.port}`;
    const first = createVoicemailOutbox({
      store: store1.outbox,
      smtpUrl: withSecret,
      domain: 'parley.test',
      logger,
      retry,
    });
    first.start();
    const failedLines = () => logLines.filter((l) => l.includes('"result":"failed"')).length;
    const failuresBefore = failedLines();
    await first.enqueue(sampleVoicemail('bob@parley.test'));
    while (failedLines() < failuresBefore + 2) await new Promise((r) => setTimeout(r, 20)); // two attempts failed
    expect(await first.pendingCount()).toBe(1);
    expect(logLines.join('\n')).not.toContain('hunter2');
    await first.stop(); // "process exits"
    await store1.close();

    await mail.startSmtp();
    const store2 = await openStore({ dataDir }); // "process restarts" on the same database
    const second = createVoicemailOutbox({
      store: store2.outbox,
      smtpUrl,
      domain: 'parley.test',
      logger,
      retry,
    });
    const sent = new Promise<string>((resolve) => second.onSent(resolve));
    second.start();
    await sent;
    expect(await second.pendingCount()).toBe(0);
    const files = await waitForMail(maildir, before + 1);
    expect(files.length).toBe(before + 1);
    await second.stop();
    await store2.close();
    // Nothing more arrives (sent exactly once).
    expect((await listMaildir(maildir)).length).toBe(before + 1);
  });
});
