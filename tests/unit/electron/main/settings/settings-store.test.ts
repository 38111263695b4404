import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  mergeSettings,
  normalizeSettings,
  openSettingsStore,
} from '../../../../../electron/src/main/settings/settings-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('desktop settings', () => {
  it('defaults: close to tray on, start minimized off, start at login off, shortcuts set', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ closeToTray: true, startMinimized: false, startAtLogin: false });
  });

  it('reads a damaged file field by field', () => {
    expect(
      normalizeSettings({
        closeToTray: false,
        startMinimized: 'yes',
        shortcuts: { answer: 'F13', hangup: 'rm -rf' },
      }),
    ).toEqual({
      ...DEFAULT_SETTINGS,
      closeToTray: false,
      shortcuts: { answer: 'F13', hangup: DEFAULT_SETTINGS.shortcuts.hangup },
    });
    expect(normalizeSettings({ shortcuts: { answer: null } }).shortcuts.answer).toBeNull();
  });

  it('merges patches, null turning a shortcut off', () => {
    const next = mergeSettings(DEFAULT_SETTINGS, { startAtLogin: true, shortcuts: { hangup: null } });
    expect(next).toEqual({
      ...DEFAULT_SETTINGS,
      startAtLogin: true,
      shortcuts: { answer: DEFAULT_SETTINGS.shortcuts.answer, hangup: null },
    });
  });

  it('persists to a file and reads it back', async () => {
    const file = path.join(dir, 'sub', 'settings.json');
    const store = await openSettingsStore(file);
    await store.update({ startMinimized: true });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ startMinimized: true });
    expect((await openSettingsStore(file)).get().startMinimized).toBe(true);
    await writeFile(file, '{ not json');
    expect((await openSettingsStore(file)).get()).toEqual(DEFAULT_SETTINGS);
  });
});
