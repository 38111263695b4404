/**
 * Per-device client settings kept in localStorage under `parley.settings` (JSON). For now one switch:
 * `audioProcessing` (echo cancellation, noise suppression, gain control; default on). Automated tests
 * with Chromium's fake microphone turn it off, as FIELD-NOTES advise.
 */
import type { KeyValueStorage } from './session-persistence.js';

export interface ClientSettings {
  readonly audioProcessing: boolean;
  /** A second call rings while you are in one (issue 13); off: callers hear busy. */
  readonly callWaiting: boolean;
  /** Calls are answered at once when no other call is live (intercom use); off by default. */
  readonly autoAnswer: boolean;
}

export const SETTINGS_STORAGE_KEY = 'parley.settings';

export const DEFAULT_SETTINGS: ClientSettings = {
  audioProcessing: true,
  callWaiting: true,
  autoAnswer: false,
};

export function readClientSettings(storage: Pick<KeyValueStorage, 'getItem'> | undefined): ClientSettings {
  try {
    const raw = storage?.getItem(SETTINGS_STORAGE_KEY);
    if (!raw) return DEFAULT_SETTINGS;
    const value = JSON.parse(raw) as {
      audioProcessing?: unknown;
      callWaiting?: unknown;
      autoAnswer?: unknown;
    };
    return {
      audioProcessing:
        typeof value.audioProcessing === 'boolean' ? value.audioProcessing : DEFAULT_SETTINGS.audioProcessing,
      callWaiting: typeof value.callWaiting === 'boolean' ? value.callWaiting : DEFAULT_SETTINGS.callWaiting,
      autoAnswer: typeof value.autoAnswer === 'boolean' ? value.autoAnswer : DEFAULT_SETTINGS.autoAnswer,
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

/** Saves a change to the settings (kept with the others); a blocked storage just keeps the defaults. */
export function writeClientSettings(
  storage: Pick<KeyValueStorage, 'getItem' | 'setItem'> | undefined,
  change: Partial<ClientSettings>,
): ClientSettings {
  const next = { ...readClientSettings(storage), ...change };
  try {
    storage?.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Storage full or blocked: the setting lasts for this page only.
  }
  return next;
}
