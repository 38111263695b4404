/**
 * Keeps the signed-in session in the OS keychain when Parley runs in its desktop shell (issue 4:
 * "credentials kept with the OS keychain through safeStorage").
 *
 * What is kept is the session token, never the password: a token can be revoked by signing out, and the
 * service accepts it as the SIP digest password. Where the OS offers only Electron's plain-text fallback
 * (Linux without a keyring), Parley does not remember the session at all and says so: the user signs in
 * at each start rather than having a credential written to disk unprotected.
 *
 * The app store reads persistence synchronously, so the stored session is loaded once, before the store
 * is created, and writes go to the keychain in the background.
 */
import { t } from '../i18n/i18n.js';
import type { SessionPersistence, StoredSession } from '../app/session-persistence.js';
import type { DesktopBridge } from './desktop-bridge.js';

/** The keychain entry's account name. */
export const DESKTOP_SESSION_ACCOUNT = 'parley-session';

export interface DesktopSessionPersistence extends SessionPersistence {
  /** A sentence for the user when the session cannot be remembered on this computer, else undefined. */
  readonly notice?: string;
}

export function plainTextOnlyNotice(): string {
  return t('shell.noKeychain');
}

export async function createDesktopSessionPersistence(
  bridge: DesktopBridge,
  onError: (message: string) => void,
): Promise<DesktopSessionPersistence> {
  const status = await bridge.invoke('credentials:status');
  const canRemember = status.ok && status.value.available && !status.value.plainTextOnly;
  let current: StoredSession | undefined;

  if (canRemember) {
    const stored = await bridge.invoke('credentials:load', DESKTOP_SESSION_ACCOUNT);
    current = stored.ok && stored.value !== null ? parseStoredSession(stored.value) : undefined;
  } else {
    // A session a previous version may have left behind must not linger in plain text.
    await bridge.invoke('credentials:delete', DESKTOP_SESSION_ACCOUNT);
  }

  return {
    notice: canRemember ? undefined : plainTextOnlyNotice(),
    load: () => current,
    save(session) {
      current = { username: session.username, token: session.token };
      if (!canRemember) return;
      void bridge
        .invoke('credentials:save', { account: DESKTOP_SESSION_ACCOUNT, secret: JSON.stringify(current) })
        .then((result) => {
          if (!result.ok) onError(t('shell.keychainFailed', { error: result.error.message }));
        });
    },
    clear() {
      current = undefined;
      void bridge.invoke('credentials:delete', DESKTOP_SESSION_ACCOUNT);
    },
  };
}

function parseStoredSession(raw: string): StoredSession | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { username, token } = value as Record<string, unknown>;
    return typeof username === 'string' && username !== '' && typeof token === 'string' && token !== ''
      ? { username, token }
      : undefined;
  } catch {
    return undefined;
  }
}
