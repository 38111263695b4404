/**
 * Keeps the signed-in session (token + username) across page reloads, in localStorage by default.
 * Only the session token is kept, never the password; signing out removes it.
 */
export interface StoredSession {
  readonly username: string;
  readonly token: string;
}

export interface SessionPersistence {
  load(): StoredSession | undefined;
  save(session: StoredSession): void;
  clear(): void;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const SESSION_STORAGE_KEY = 'parley.session';

export function createSessionPersistence(storage: KeyValueStorage | undefined): SessionPersistence {
  return {
    load() {
      let raw: string | null = null;
      try {
        raw = storage?.getItem(SESSION_STORAGE_KEY) ?? null;
      } catch {
        return undefined; // storage disabled (private mode, policies): behave as signed out
      }
      if (!raw) return undefined;
      try {
        const value: unknown = JSON.parse(raw);
        if (
          typeof value === 'object' &&
          value !== null &&
          typeof (value as StoredSession).username === 'string' &&
          typeof (value as StoredSession).token === 'string' &&
          (value as StoredSession).username !== '' &&
          (value as StoredSession).token !== ''
        ) {
          return { username: (value as StoredSession).username, token: (value as StoredSession).token };
        }
      } catch {
        // corrupt entry: fall through and forget it
      }
      storage?.removeItem(SESSION_STORAGE_KEY);
      return undefined;
    },
    save(session) {
      try {
        storage?.setItem(
          SESSION_STORAGE_KEY,
          JSON.stringify({ username: session.username, token: session.token }),
        );
      } catch {
        // storage full or disabled: the session simply will not survive a reload
      }
    },
    clear() {
      try {
        storage?.removeItem(SESSION_STORAGE_KEY);
      } catch {
        // nothing kept, nothing to clear
      }
    },
  };
}
