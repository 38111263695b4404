/**
 * Main-side handlers of the `recordings:*` channels (issue 16): call recordings kept in a folder the
 * user chooses. Each recording is two files: `parley-<time>-<peer>.ogg` (Ogg Opus, as the renderer made
 * it) and a `.json` beside it with what the list shows (peer, direction, start, length). The chosen
 * folder is kept in a small JSON file in the app's data folder. The OS folder chooser comes in as a
 * function (Electron's `dialog.showOpenDialog` in main.ts, a fake in unit tests).
 */
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ipcError,
  ipcOk,
  type FolderRecording,
  type IpcResult,
  type RecordingFolder,
} from '../../../../common/ipc-contract.js';
import { readJsonFile, writeJsonFile } from '../settings/json-file.js';
import type { IpcHandlers } from './ipc-router.js';
import { RECORDING_FILE_RE } from './recording-validators.js';

export interface RecordingHandlerDeps {
  /** JSON file remembering the chosen folder. */
  readonly folderFile: string;
  /** Asks the user for a folder; undefined when they cancel. */
  readonly chooseFolder: () => Promise<string | undefined>;
}

export type RecordingChannel =
  | 'recordings:get-folder'
  | 'recordings:choose-folder'
  | 'recordings:save'
  | 'recordings:list'
  | 'recordings:fetch-audio'
  | 'recordings:delete';

/** A file-name-safe piece of text (the peer's user part). */
function slug(text: string): string {
  return (
    text
      .replace(/^sips?:/, '')
      .replace(/@.*$/, '')
      .replace(/[^A-Za-z0-9._+-]/g, '_')
      .slice(0, 40) || 'call'
  );
}

function isMeta(value: unknown): value is Omit<FolderRecording, 'id' | 'size'> {
  const v = value as Partial<FolderRecording> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.peerUri === 'string' &&
    (v.direction === 'outgoing' || v.direction === 'incoming') &&
    typeof v.startedAt === 'number' &&
    typeof v.durationMs === 'number'
  );
}

export function createRecordingHandlers(deps: RecordingHandlerDeps): Pick<IpcHandlers, RecordingChannel> {
  const folder = async (): Promise<string | null> => {
    const stored = (await readJsonFile(deps.folderFile)) as { path?: unknown } | undefined;
    return typeof stored?.path === 'string' ? stored.path : null;
  };
  const withFolder = async <T>(run: (dir: string) => Promise<IpcResult<T>>): Promise<IpcResult<T>> => {
    const dir = await folder();
    if (dir === null) return ipcError('not_configured', 'Choose a folder for recordings first.');
    try {
      return await run(dir);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT') return ipcError('not_found', 'That recording is not in the folder any more.');
      return ipcError('unavailable', `The recordings folder cannot be used: ${(error as Error).message}`);
    }
  };

  return {
    'recordings:get-folder': async () => ipcOk<RecordingFolder>({ path: await folder() }),
    'recordings:choose-folder': async () => {
      const chosen = await deps.chooseFolder();
      if (chosen === undefined) return ipcOk<RecordingFolder>({ path: await folder() });
      await writeJsonFile(deps.folderFile, { path: chosen });
      return ipcOk<RecordingFolder>({ path: chosen });
    },
    'recordings:save': (request) =>
      withFolder(async (dir) => {
        const stamp = new Date(request.startedAt).toISOString().replace(/[:]/g, '-');
        const id = `parley-${stamp}-${slug(request.peerUri)}.ogg`;
        const { data, ...meta } = request;
        await writeFile(path.join(dir, id), data, { flag: 'w' });
        await writeFile(path.join(dir, `${id}.json`), JSON.stringify(meta, null, 2) + '\n');
        return ipcOk<FolderRecording>({ id, ...meta, size: data.length });
      }),
    'recordings:list': () =>
      withFolder(async (dir) => {
        const names = (await readdir(dir)).filter((name) => RECORDING_FILE_RE.test(name));
        const recordings: FolderRecording[] = [];
        for (const id of names) {
          const meta = await readJsonFile(path.join(dir, `${id}.json`));
          if (!isMeta(meta)) continue; // not one of ours, or its description is gone
          const { size } = await stat(path.join(dir, id));
          recordings.push({
            id,
            peerUri: meta.peerUri,
            ...(typeof meta.peerName === 'string' ? { peerName: meta.peerName } : {}),
            direction: meta.direction,
            startedAt: meta.startedAt,
            durationMs: meta.durationMs,
            size,
          });
        }
        recordings.sort((a, b) => b.startedAt - a.startedAt);
        return ipcOk({ recordings });
      }),
    'recordings:fetch-audio': (id) =>
      withFolder(async (dir) =>
        ipcOk({ data: new Uint8Array(await readFile(path.join(dir, id))), mimeType: 'audio/ogg' }),
      ),
    'recordings:delete': (id) =>
      withFolder(async (dir) => {
        await rm(path.join(dir, id));
        await rm(path.join(dir, `${id}.json`), { force: true });
        return ipcOk(null);
      }),
  };
}
