import { describe, expect, it } from 'vitest';
import type { IpcInvokeChannel, IpcResult, ParleyDesktopApi } from '../../../../common/ipc-contract.js';
import {
  createDesktopSessionPersistence,
  DESKTOP_SESSION_ACCOUNT,
  plainTextOnlyNotice,
} from '../../../../renderer/src/platform/desktop-session-persistence.js';

/** A keychain behind a fake bridge: records every call, answers like main does. */
function fakeBridge(status: { available: boolean; plainTextOnly: boolean }, failSave = false) {
  const keychain = new Map<string, string>();
  const calls: string[] = [];
  const bridge: ParleyDesktopApi = {
    async invoke(channel: IpcInvokeChannel, ...args: unknown[]): Promise<IpcResult<never>> {
      calls.push(channel);
      const ok = (value: unknown) => ({ ok: true, value }) as IpcResult<never>;
      switch (channel) {
        case 'credentials:status':
          return ok({ ...status, backend: status.plainTextOnly ? 'basic_text' : 'gnome_libsecret' });
        case 'credentials:load':
          return ok(keychain.get(args[0] as string) ?? null);
        case 'credentials:save': {
          if (failSave) return { ok: false, error: { code: 'unavailable', message: 'keychain locked' } };
          const { account, secret } = args[0] as { account: string; secret: string };
          keychain.set(account, secret);
          return ok(null);
        }
        case 'credentials:delete':
          keychain.delete(args[0] as string);
          return ok(null);
        default:
          throw new Error(`unexpected channel ${channel}`);
      }
    },
    on: () => () => undefined,
  } as ParleyDesktopApi;
  return { bridge, keychain, calls };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('desktop session persistence (keychain)', () => {
  it('saves the session token in the keychain and finds it at the next start', async () => {
    const { bridge, keychain } = fakeBridge({ available: true, plainTextOnly: false });
    const first = await createDesktopSessionPersistence(bridge, () => undefined);
    expect(first.load()).toBeUndefined();
    expect(first.notice).toBeUndefined();
    first.save({ username: 'alice', token: 'tok-123' });
    await flush();
    expect(JSON.parse(keychain.get(DESKTOP_SESSION_ACCOUNT)!)).toEqual({
      username: 'alice',
      token: 'tok-123',
    });

    const second = await createDesktopSessionPersistence(bridge, () => undefined);
    expect(second.load()).toEqual({ username: 'alice', token: 'tok-123' });
    second.clear();
    await flush();
    expect(keychain.has(DESKTOP_SESSION_ACCOUNT)).toBe(false);
    expect(second.load()).toBeUndefined();
  });

  it('never writes to the plain-text fallback, removes any old entry, and says why', async () => {
    const { bridge, keychain, calls } = fakeBridge({ available: true, plainTextOnly: true });
    keychain.set(DESKTOP_SESSION_ACCOUNT, JSON.stringify({ username: 'old', token: 'old' }));
    const persistence = await createDesktopSessionPersistence(bridge, () => undefined);
    expect(persistence.notice).toBe(plainTextOnlyNotice());
    expect(keychain.has(DESKTOP_SESSION_ACCOUNT)).toBe(false);
    persistence.save({ username: 'alice', token: 'tok' });
    await flush();
    expect(calls).not.toContain('credentials:save');
    // Still signed in for this run of the app.
    expect(persistence.load()).toEqual({ username: 'alice', token: 'tok' });
  });

  it('ignores a corrupt keychain entry and reports a failed save', async () => {
    const { bridge, keychain } = fakeBridge({ available: true, plainTextOnly: false }, true);
    keychain.set(DESKTOP_SESSION_ACCOUNT, '{not json');
    const errors: string[] = [];
    const persistence = await createDesktopSessionPersistence(bridge, (m) => errors.push(m));
    expect(persistence.load()).toBeUndefined();
    persistence.save({ username: 'alice', token: 'tok' });
    await flush();
    expect(errors).toEqual(['Parley could not save your sign-in in the keychain: keychain locked']);
  });
});
