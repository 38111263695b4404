/**
 * Voicemail over POP3 (RFC 1939) with node-pop3: voicemails are downloaded into a local folder (playable
 * offline) and deleted from the server at QUIT (§6, the POP default), unless "leave a copy" is on.
 *
 * Sync: `UIDL` (§7) names every message; for each one not seen before, `TOP n 0` reads its headers and
 * only Parley voicemails (`X-Parley-Voicemail: 1`) are fetched with `RETR` and marked with `DELE`; other
 * mail is left alone. Heard and deleted are local state (POP3 has no flags).
 *
 * Folder layout: `index.json` ({ voicemails: { [uidl]: summary + file }, skipped: [uidl] }) and one
 * `.eml` file per voicemail.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Pop3Command from 'node-pop3';
import { simpleParser } from 'mailparser';
import { toMailboxError } from './mailbox-errors.js';
import {
  MailboxError,
  type MailboxSettings,
  type VoicemailRecording,
  type VoicemailSummary,
} from './mailbox-types.js';
import { isVoicemail, voicemailAudio, voicemailFields } from './voicemail-headers.js';

interface LocalIndex {
  voicemails: Record<string, VoicemailSummary & { file: string }>;
  /** UIDLs known not to be voicemails, or deleted locally while a copy stays on the server. */
  skipped: string[];
}

function storeOf(settings: MailboxSettings): string {
  if (!settings.storeDir)
    throw new MailboxError('invalid-settings', 'POP3 needs a local folder for downloaded voicemails');
  return settings.storeDir;
}

async function readIndex(dir: string): Promise<LocalIndex> {
  try {
    return JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as LocalIndex;
  } catch {
    return { voicemails: {}, skipped: [] };
  }
}

async function writeIndex(dir: string, index: LocalIndex): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `index.json.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(index, null, 1));
  await rename(tmp, join(dir, 'index.json')); // atomic: a crash never leaves half an index
}

async function withPop3<T>(settings: MailboxSettings, work: (pop: Pop3Command) => Promise<T>): Promise<T> {
  const pop = new Pop3Command({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    tls: settings.tls === 'implicit',
    timeout: settings.timeoutMs ?? 15_000,
    tlsOptions: { rejectUnauthorized: !settings.allowUntrustedCertificates },
  });
  try {
    const result = await work(pop);
    await pop.QUIT(); // DELE takes effect only here (RFC 1939 §6, UPDATE state)
    return result;
  } catch (error) {
    // No QUIT on failure: the server then discards our DELE marks (§6), nothing is lost.
    (pop as unknown as { _socket?: { destroy(): void } })._socket?.destroy(); // node-pop3 has no public close
    throw toMailboxError(error, settings);
  }
}

/** `UIDL` answer → [[msgNumber, uidl], …] (node-pop3 returns string[] for one, string[][] for all). */
function uidlPairs(raw: string[][] | string[]): Array<[number, string]> {
  const rows = (raw.length > 0 && Array.isArray(raw[0]) ? raw : [raw]) as string[][];
  return rows.filter((r) => r.length >= 2).map((r) => [Number(r[0]), String(r[1])]);
}

/** Downloads new voicemails; returns how many were new. */
export async function syncPop3(settings: MailboxSettings): Promise<number> {
  const dir = storeOf(settings);
  await mkdir(dir, { recursive: true });
  const index = await readIndex(dir);
  const skipped = new Set(index.skipped);
  let added = 0;
  await withPop3(settings, async (pop) => {
    for (const [n, uidl] of uidlPairs(await pop.UIDL())) {
      if (index.voicemails[uidl]) {
        // Downloaded earlier with "leave a copy" off but the DELE did not happen (e.g. no QUIT): retry it.
        if (!settings.leaveCopy) await pop.DELE(n);
        continue;
      }
      if (skipped.has(uidl)) continue;
      const head = await simpleParser(await pop.TOP(n, 0));
      if (!isVoicemail(head)) {
        skipped.add(uidl);
        continue;
      }
      const raw = await pop.RETR(n);
      const mail = await simpleParser(raw);
      if (!voicemailAudio(mail)) {
        skipped.add(uidl);
        continue;
      }
      const file = `${createHash('sha256').update(uidl).digest('hex').slice(0, 32)}.eml`;
      await writeFile(join(dir, file), raw);
      index.voicemails[uidl] = { id: uidl, ...voicemailFields(mail), heard: false, file };
      added += 1;
      if (!settings.leaveCopy) await pop.DELE(n);
    }
    index.skipped = [...skipped];
    // Written before QUIT: if the connection dies now, the next sync finds the file and only re-DELEs.
    await writeIndex(dir, index);
  });
  return added;
}

/** Voicemails already downloaded (offline view). */
export async function listDownloadedVoicemails(settings: MailboxSettings): Promise<VoicemailSummary[]> {
  const index = await readIndex(storeOf(settings));
  return Object.values(index.voicemails)
    .map(({ file: _file, ...summary }) => summary)
    .sort((a, b) => b.receivedAt - a.receivedAt);
}

export async function listPop3Voicemails(settings: MailboxSettings): Promise<VoicemailSummary[]> {
  await syncPop3(settings);
  return listDownloadedVoicemails(settings);
}

export async function fetchPop3Voicemail(settings: MailboxSettings, id: string): Promise<VoicemailRecording> {
  const dir = storeOf(settings);
  const entry = (await readIndex(dir)).voicemails[id];
  if (!entry) throw new MailboxError('not-found', `voicemail ${id} was not downloaded`);
  const mail = await simpleParser(await readFile(join(dir, entry.file)));
  const audio = voicemailAudio(mail);
  if (!audio) throw new MailboxError('not-found', `voicemail ${id} has no recording`);
  const { file: _file, ...summary } = entry;
  return { summary, ...audio };
}

export async function markPop3Heard(settings: MailboxSettings, id: string, heard = true): Promise<void> {
  const dir = storeOf(settings);
  const index = await readIndex(dir);
  const entry = index.voicemails[id];
  if (!entry) throw new MailboxError('not-found', `voicemail ${id} was not downloaded`);
  index.voicemails[id] = { ...entry, heard };
  await writeIndex(dir, index);
}

/** Deletes the local copy; with "leave a copy" on, also the server's (so it does not come back). */
export async function deletePop3Voicemail(settings: MailboxSettings, id: string): Promise<void> {
  const dir = storeOf(settings);
  const index = await readIndex(dir);
  const entry = index.voicemails[id];
  if (!entry) throw new MailboxError('not-found', `voicemail ${id} was not downloaded`);
  if (settings.leaveCopy) {
    await withPop3(settings, async (pop) => {
      const found = uidlPairs(await pop.UIDL()).find(([, uidl]) => uidl === id);
      if (found) await pop.DELE(found[0]);
    });
  }
  delete index.voicemails[id];
  index.skipped = [...new Set([...index.skipped, id])];
  await writeIndex(dir, index);
  await rm(join(dir, entry.file), { force: true });
}

/** Logs in (USER/PASS) and quits: the settings check behind "Test connection". */
export async function checkPop3(settings: MailboxSettings): Promise<void> {
  await withPop3(settings, async (pop) => {
    await pop.STAT();
  });
}
