import { describe, expect, it } from 'vitest';
import {
  SESSION_STORAGE_KEY,
  createSessionPersistence,
} from '../../../../renderer/src/app/session-persistence.js';
import { readClientSettings, writeClientSettings } from '../../../../renderer/src/app/client-settings.js';
import type { KeyValueStorage } from '../../../../renderer/src/app/session-persistence.js';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('session persistence', () => {
  it('keeps token and username, and clears them on sign-out', () => {
    const storage = memoryStorage();
    const sessions = createSessionPersistence(storage);
    expect(sessions.load()).toBeUndefined();
    sessions.save({ username: 'ann', token: 't1' });
    expect(createSessionPersistence(storage).load()).toEqual({ username: 'ann', token: 't1' });
    sessions.clear();
    expect(sessions.load()).toBeUndefined();
    expect(storage.data.size).toBe(0);
  });

  it('forgets a corrupt entry', () => {
    const storage = memoryStorage();
    storage.setItem(SESSION_STORAGE_KEY, '{"username":1}');
    expect(createSessionPersistence(storage).load()).toBeUndefined();
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(false);
  });

  it('works as signed out when storage throws', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const sessions = createSessionPersistence(broken);
    expect(() => sessions.save({ username: 'a', token: 'b' })).not.toThrow();
    expect(sessions.load()).toBeUndefined();
    expect(() => sessions.clear()).not.toThrow();
  });
});

describe('client settings', () => {
  it('defaults to audio processing and call waiting on, and reads the switches', () => {
    expect(readClientSettings(undefined)).toEqual({
      audioProcessing: true,
      callWaiting: true,
      autoAnswer: false,
    });
    expect(readClientSettings({ getItem: () => '{"audioProcessing":false}' })).toEqual({
      audioProcessing: false,
      callWaiting: true,
      autoAnswer: false,
    });
    expect(readClientSettings({ getItem: () => '{"callWaiting":false}' })).toEqual({
      audioProcessing: true,
      callWaiting: false,
      autoAnswer: false,
    });
    expect(readClientSettings({ getItem: () => 'garbage' })).toEqual({
      audioProcessing: true,
      callWaiting: true,
      autoAnswer: false,
    });
  });

  it('writes a change beside the other settings', () => {
    const saved = new Map<string, string>([['parley.settings', '{"audioProcessing":false}']]);
    const storage = {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => void saved.set(k, v),
    };
    expect(writeClientSettings(storage, { callWaiting: false, autoAnswer: false })).toEqual({
      audioProcessing: false,
      callWaiting: false,
      autoAnswer: false,
    });
    expect(readClientSettings(storage)).toEqual({
      audioProcessing: false,
      callWaiting: false,
      autoAnswer: false,
    });
  });
});
