/**
 * Desktop settings (close to tray, start minimized, start at login, global shortcuts), kept as JSON in the
 * app's data folder. A file edited by hand or by an older version is read field by field: anything
 * invalid falls back to its default, so a bad file never stops the app.
 */
import type { DesktopSettings, DesktopSettingsPatch } from '../../../../common/ipc-contract.js';
import { isValidGlobalAccelerator } from '../shortcuts/accelerator.js';
import { readJsonFile, writeJsonFile } from './json-file.js';

export const DEFAULT_SETTINGS: DesktopSettings = {
  closeToTray: true,
  startMinimized: false,
  startAtLogin: false,
  shortcuts: { answer: 'CommandOrControl+Alt+A', hangup: 'CommandOrControl+Alt+H' },
};

function pickBoolean(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function pickShortcut(value: unknown, fallback: string | null): string | null {
  if (value === null) return null;
  return isValidGlobalAccelerator(value) ? value : fallback;
}

/** Reads settings from anything (a parsed file): each invalid field gets its default. */
export function normalizeSettings(raw: unknown): DesktopSettings {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const sc =
    typeof r.shortcuts === 'object' && r.shortcuts !== null ? (r.shortcuts as Record<string, unknown>) : {};
  return {
    closeToTray: pickBoolean(r.closeToTray, DEFAULT_SETTINGS.closeToTray),
    startMinimized: pickBoolean(r.startMinimized, DEFAULT_SETTINGS.startMinimized),
    startAtLogin: pickBoolean(r.startAtLogin, DEFAULT_SETTINGS.startAtLogin),
    shortcuts: {
      answer: pickShortcut(sc.answer, DEFAULT_SETTINGS.shortcuts.answer),
      hangup: pickShortcut(sc.hangup, DEFAULT_SETTINGS.shortcuts.hangup),
    },
  };
}

/** Applies an already validated patch. */
export function mergeSettings(current: DesktopSettings, patch: DesktopSettingsPatch): DesktopSettings {
  return {
    closeToTray: patch.closeToTray ?? current.closeToTray,
    startMinimized: patch.startMinimized ?? current.startMinimized,
    startAtLogin: patch.startAtLogin ?? current.startAtLogin,
    shortcuts: {
      answer: patch.shortcuts?.answer !== undefined ? patch.shortcuts.answer : current.shortcuts.answer,
      hangup: patch.shortcuts?.hangup !== undefined ? patch.shortcuts.hangup : current.shortcuts.hangup,
    },
  };
}

export interface SettingsStore {
  get(): DesktopSettings;
  update(patch: DesktopSettingsPatch): Promise<DesktopSettings>;
}

export async function openSettingsStore(path: string): Promise<SettingsStore> {
  let current = normalizeSettings(await readJsonFile(path));
  return {
    get: () => current,
    async update(patch) {
      current = mergeSettings(current, patch);
      await writeJsonFile(path, current);
      return current;
    },
  };
}
