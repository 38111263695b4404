/**
 * Per-device client settings kept in localStorage under `parley.settings` (JSON). For now one switch:
 * `audioProcessing` (echo cancellation, noise suppression, gain control; default on). Automated tests
 * with Chromium's fake microphone turn it off, as FIELD-NOTES advise.
 */
import type { KeyValueStorage } from './session-persistence.js';

export interface ClientSettings {
  readonly audioProcessing: boolean;
}

export const SETTINGS_STORAGE_KEY = 'parley.settings';

export const DEFAULT_SETTINGS: ClientSettings = { audioProcessing: true };

export function readClientSettings(storage: Pick<KeyValueStorage, 'getItem'> | undefined): ClientSettings {
  try {
    const raw = storage?.getItem(SETTINGS_STORAGE_KEY);
    if (!raw) return DEFAULT_SETTINGS;
    const value = JSON.parse(raw) as { audioProcessing?: unknown };
    return {
      audioProcessing:
        typeof value.audioProcessing === 'boolean' ? value.audioProcessing : DEFAULT_SETTINGS.audioProcessing,
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}
