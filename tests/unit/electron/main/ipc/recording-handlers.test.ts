import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SaveRecordingRequest } from '../../../../../common/ipc-contract.js';
import { createRecordingHandlers } from '../../../../../electron/src/main/ipc/recording-handlers.js';
import {
  validateRecordingId,
  validateSaveRecording,
} from '../../../../../electron/src/main/ipc/recording-validators.js';

const REQUEST: SaveRecordingRequest = {
  peerUri: 'sip:bob@parley.test',
  peerName: 'Bob Builder',
  direction: 'outgoing',
  startedAt: Date.UTC(2026, 11, 7, 17, 0, 0),
  durationMs: 5120,
  data: new Uint8Array([0x4f, 0x67, 0x67, 0x53, 1, 2, 3]),
};

describe('recordings in a folder the user chooses (desktop shell)', () => {
  let dir: string;
  let chosen: string | undefined;
  let handlers: ReturnType<typeof createRecordingHandlers>;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-recordings-'));
    await fs.mkdir(path.join(dir, 'chosen'));
    chosen = path.join(dir, 'chosen');
    handlers = createRecordingHandlers({
      folderFile: path.join(dir, 'data', 'recordings-folder.json'),
      chooseFolder: async () => chosen,
    });
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('asks for a folder before saving, remembers the choice, and keeps it when the user cancels', async () => {
    expect(await handlers['recordings:get-folder']()).toEqual({ ok: true, value: { path: null } });
    const refused = await handlers['recordings:save'](REQUEST);
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_configured' } });

    expect(await handlers['recordings:choose-folder']()).toEqual({ ok: true, value: { path: chosen } });
    const first = chosen;
    chosen = undefined; // the user cancels the next time
    expect(await handlers['recordings:choose-folder']()).toEqual({ ok: true, value: { path: first } });
    expect(await handlers['recordings:get-folder']()).toEqual({ ok: true, value: { path: first } });
  });

  it('saves the Ogg file with its description, lists, serves and deletes it', async () => {
    await handlers['recordings:choose-folder']();
    const saved = await handlers['recordings:save'](REQUEST);
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.id).toBe('parley-2026-12-07T17-00-00.000Z-bob.ogg');
    expect(validateRecordingId(saved.value.id).ok).toBe(true);
    const onDisk = await fs.readFile(path.join(chosen!, saved.value.id));
    expect(new Uint8Array(onDisk)).toEqual(REQUEST.data);

    // A stray file of another program is not listed.
    await fs.writeFile(path.join(chosen!, 'notes.txt'), 'hello');
    const list = await handlers['recordings:list']();
    expect(list).toEqual({
      ok: true,
      value: {
        recordings: [
          {
            id: saved.value.id,
            peerUri: 'sip:bob@parley.test',
            peerName: 'Bob Builder',
            direction: 'outgoing',
            startedAt: REQUEST.startedAt,
            durationMs: 5120,
            size: REQUEST.data.length,
          },
        ],
      },
    });
    expect(await handlers['recordings:fetch-audio'](saved.value.id)).toEqual({
      ok: true,
      value: { data: REQUEST.data, mimeType: 'audio/ogg' },
    });
    expect(await handlers['recordings:delete'](saved.value.id)).toEqual({ ok: true, value: null });
    expect(await handlers['recordings:list']()).toEqual({ ok: true, value: { recordings: [] } });
    expect(await handlers['recordings:fetch-audio'](saved.value.id)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('refuses ids that could leave the folder and malformed save requests', () => {
    for (const id of [
      '../secret.ogg',
      'parley-../../x.ogg',
      'parley-a/b.ogg',
      'other.ogg',
      'parley-x.ogg.json',
    ]) {
      expect(validateRecordingId(id).ok).toBe(false);
    }
    expect(validateSaveRecording({ ...REQUEST, extra: 1 }).ok).toBe(false);
    expect(validateSaveRecording({ ...REQUEST, direction: 'sideways' }).ok).toBe(false);
    expect(validateSaveRecording({ ...REQUEST, data: new Uint8Array() }).ok).toBe(false);
    expect(validateSaveRecording({ ...REQUEST, peerUri: 'sip:bob\n@x' }).ok).toBe(false);
    expect(validateSaveRecording(REQUEST)).toEqual({ ok: true, value: REQUEST });
  });
});
