/**
 * Voicemail over IMAP4rev1 (RFC 3501) with imapflow: the mailbox stays on the server.
 * - list: `UID SEARCH HEADER X-Parley-Voicemail 1` (§6.4.4), then envelope + flags of the hits;
 * - fetch: the whole message with `BODY.PEEK[]` (§6.4.5: PEEK does not set `\Seen`), Ogg attachment parsed;
 * - heard: `UID STORE +FLAGS (\Seen)`; delete: `\Deleted` then `UID EXPUNGE` (RFC 4315) / `EXPUNGE`.
 * Ids are `<UIDVALIDITY>:<UID>` so they stay valid across sessions (§2.3.1.1).
 */
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { toMailboxError } from './mailbox-errors.js';
import {
  MailboxError,
  type MailboxSettings,
  type VoicemailRecording,
  type VoicemailSummary,
} from './mailbox-types.js';
import { VOICEMAIL_HEADER, isVoicemail, voicemailAudio, voicemailFields } from './voicemail-headers.js';

async function withImap<T>(
  settings: MailboxSettings,
  work: (client: ImapFlow, uidValidity: string) => Promise<T>,
): Promise<T> {
  const timeout = settings.timeoutMs ?? 15_000;
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'implicit',
    doSTARTTLS: settings.tls === 'starttls',
    auth: { user: settings.user, pass: settings.password },
    tls: { rejectUnauthorized: !settings.allowUntrustedCertificates },
    logger: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  client.on('error', () => undefined); // surfaced through the failing command instead
  try {
    await client.connect();
    const lock = await client.getMailboxLock(settings.folder ?? 'INBOX');
    try {
      const mailbox = client.mailbox;
      const uidValidity = mailbox ? String(mailbox.uidValidity) : '0';
      return await work(client, uidValidity);
    } finally {
      lock.release();
    }
  } catch (error) {
    throw toMailboxError(error, settings);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

function parseId(id: string, uidValidity: string): number {
  const [validity, uid] = id.split(':');
  const n = Number(uid);
  if (validity !== uidValidity || !Number.isInteger(n) || n <= 0)
    throw new MailboxError('not-found', `voicemail ${id} is not in this mailbox`);
  return n;
}

/** Pulls `Name: value` out of a raw header block (unfolded, RFC 5322 §2.2.3). */
function rawHeader(headers: Buffer | undefined, name: string): string {
  if (!headers) return '';
  const unfolded = headers.toString('utf8').replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim() ?? '';
}

export async function listImapVoicemails(settings: MailboxSettings): Promise<VoicemailSummary[]> {
  return withImap(settings, async (client, uidValidity) => {
    const uids = await client.search({ header: { [VOICEMAIL_HEADER]: '1' } }, { uid: true });
    if (!uids || uids.length === 0) return [];
    const messages = await client.fetchAll(
      uids.join(','),
      {
        uid: true,
        flags: true,
        envelope: true,
        headers: ['x-parley-caller', 'x-parley-duration', VOICEMAIL_HEADER.toLowerCase()],
      },
      { uid: true },
    );
    return messages
      .filter((m) => rawHeader(m.headers, VOICEMAIL_HEADER) === '1')
      .map((m) => {
        const subject = m.envelope?.subject ?? '';
        const callerUri = rawHeader(m.headers, 'x-parley-caller');
        const caller =
          /^Voicemail from (.*) \(\d+:\d\d\)$/.exec(subject)?.[1] ??
          (callerUri.replace(/^sips?:/, '').split('@')[0] || 'unknown');
        return {
          id: `${uidValidity}:${m.uid}`,
          caller,
          callerUri,
          receivedAt: m.envelope?.date ? new Date(m.envelope.date).getTime() : 0,
          durationSec: Number(rawHeader(m.headers, 'x-parley-duration')) || 0,
          heard: m.flags?.has('\\Seen') ?? false,
          subject,
        };
      })
      .sort((a, b) => b.receivedAt - a.receivedAt);
  });
}

export async function fetchImapVoicemail(settings: MailboxSettings, id: string): Promise<VoicemailRecording> {
  return withImap(settings, async (client, uidValidity) => {
    const uid = parseId(id, uidValidity);
    const message = await client.fetchOne(
      String(uid),
      { uid: true, flags: true, source: true },
      { uid: true },
    );
    if (!message || !message.source) throw new MailboxError('not-found', `voicemail ${id} is gone`);
    const mail = await simpleParser(message.source);
    const audio = voicemailAudio(mail);
    if (!isVoicemail(mail) || !audio) throw new MailboxError('not-found', `message ${id} is not a voicemail`);
    const fields = voicemailFields(mail);
    return { summary: { id, ...fields, heard: message.flags?.has('\\Seen') ?? false }, ...audio };
  });
}

export async function markImapHeard(settings: MailboxSettings, id: string, heard = true): Promise<void> {
  await withImap(settings, async (client, uidValidity) => {
    const uid = String(parseId(id, uidValidity));
    if (heard) await client.messageFlagsAdd(uid, ['\\Seen'], { uid: true });
    else await client.messageFlagsRemove(uid, ['\\Seen'], { uid: true });
  });
}

export async function deleteImapVoicemail(settings: MailboxSettings, id: string): Promise<void> {
  await withImap(settings, async (client, uidValidity) => {
    // imapflow's messageDelete sets \Deleted and expunges (UID EXPUNGE when UIDPLUS is there).
    await client.messageDelete(String(parseId(id, uidValidity)), { uid: true });
  });
}

/** Logs in and opens the folder: the settings check behind "Test connection". */
export async function checkImap(settings: MailboxSettings): Promise<void> {
  await withImap(settings, async () => undefined);
}
