/**
 * The one door the desktop main process uses for voicemail in a mailbox (IMAP4 or POP3), behind the
 * typed IPC. Every function validates the settings first and throws only `MailboxError`
 * (`auth-failed`: "authentication failed", `unreachable`: "server not reachable", `tls-required`: "TLS
 * required", …) so the IPC handler can return `{ ok: false, error: { code, message } }`.
 */
import { validateSettings } from './mailbox-errors.js';
import type { MailboxSettings, VoicemailRecording, VoicemailSummary } from './mailbox-types.js';
import {
  checkImap,
  deleteImapVoicemail,
  fetchImapVoicemail,
  listImapVoicemails,
  markImapHeard,
} from './imap-voicemail.js';
import {
  checkPop3,
  deletePop3Voicemail,
  fetchPop3Voicemail,
  listDownloadedVoicemails,
  listPop3Voicemails,
  markPop3Heard,
} from './pop3-voicemail.js';

export * from './mailbox-types.js';

/** IMAP: the voicemails in the folder. POP3: downloads new ones first, then lists what is kept locally. */
export async function listVoicemails(settings: MailboxSettings): Promise<VoicemailSummary[]> {
  validateSettings(settings);
  return settings.protocol === 'imap' ? listImapVoicemails(settings) : listPop3Voicemails(settings);
}

/** POP3 only: the voicemails already downloaded, without connecting (offline). IMAP: []. */
export async function listOfflineVoicemails(settings: MailboxSettings): Promise<VoicemailSummary[]> {
  validateSettings(settings);
  return settings.protocol === 'pop3' ? listDownloadedVoicemails(settings) : [];
}

/** The recording (Ogg Opus) and its summary. Reading does not mark it heard. */
export async function fetchVoicemail(settings: MailboxSettings, id: string): Promise<VoicemailRecording> {
  validateSettings(settings);
  return settings.protocol === 'imap' ? fetchImapVoicemail(settings, id) : fetchPop3Voicemail(settings, id);
}

/** IMAP: `\Seen` on the server (every device sees it). POP3: local. */
export async function markHeard(settings: MailboxSettings, id: string, heard = true): Promise<void> {
  validateSettings(settings);
  return settings.protocol === 'imap'
    ? markImapHeard(settings, id, heard)
    : markPop3Heard(settings, id, heard);
}

/** IMAP: `\Deleted` + expunge. POP3: the local copy (and the server's when a copy was left there). */
export async function deleteVoicemail(settings: MailboxSettings, id: string): Promise<void> {
  validateSettings(settings);
  return settings.protocol === 'imap' ? deleteImapVoicemail(settings, id) : deletePop3Voicemail(settings, id);
}

/** Connects and logs in: validates settings with a clear error, changes nothing. */
export async function checkMailbox(settings: MailboxSettings): Promise<void> {
  validateSettings(settings);
  return settings.protocol === 'imap' ? checkImap(settings) : checkPop3(settings);
}
