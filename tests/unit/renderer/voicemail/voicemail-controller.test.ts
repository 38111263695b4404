import { describe, expect, it } from 'vitest';
import { ipcOk, type VoicemailSourceSettings } from '../../../../common/ipc-contract.js';
import type { AuthState } from '../../../../renderer/src/app/app-state.js';
import type { DesktopVoicemailApi } from '../../../../renderer/src/platform/desktop-voicemail.js';
import { createVoicemailController } from '../../../../renderer/src/voicemail/voicemail-controller.js';

function fakeApp(initial: AuthState) {
  let auth = initial;
  const listeners = new Set<() => void>();
  const signOuts: Array<string | undefined> = [];
  return {
    app: {
      subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
      getSnapshot: () => ({ auth }),
      signOut: async (notice?: string) => {
        signOuts.push(notice);
      },
    },
    set(next: AuthState) {
      auth = next;
      for (const l of listeners) l();
    },
    signOuts,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const SIGNED_IN: AuthState = { status: 'signed-in', username: 'bob', token: 'tok' };

describe('voicemail controller', () => {
  it('uses the service store when signed in, nothing when signed out; a 401 signs out', async () => {
    const app = fakeApp({ status: 'signed-out' });
    const urls: string[] = [];
    const fetch = (async (url: RequestInfo | URL) => {
      urls.push(String(url));
      return Response.json({ error: { code: 'unauthorized', message: 'Sign in again.' } }, { status: 401 });
    }) as typeof globalThis.fetch;
    const controller = createVoicemailController({
      app: app.app,
      fetch,
      openEvents: () => ({ addEventListener: () => undefined, close: () => undefined }),
    });
    expect(controller.store.getSnapshot().source).toBeUndefined();
    expect(controller.callSettings()).toBeUndefined();
    app.set(SIGNED_IN);
    expect(controller.store.getSnapshot().source).toBe('service');
    await settle();
    expect(urls).toEqual(['/api/voicemails']);
    expect(app.signOuts).toEqual(['Your session has ended. Sign in again.']);
    expect(controller.callSettings()).toBeDefined();
    app.set({ status: 'signed-out' });
    expect(controller.store.getSnapshot()).toMatchObject({ status: 'idle', voicemails: [] });
    controller.dispose();
  });

  it('in the desktop app, follows the source chosen in main (and re-reads it after a change)', async () => {
    const app = fakeApp(SIGNED_IN);
    let chosen: VoicemailSourceSettings = {
      kind: 'imap',
      host: 'mail',
      port: 993,
      tls: 'implicit',
      user: 'bob',
      leaveCopy: false,
      hasPassword: true,
    };
    const desktop = {
      getSource: async () => ipcOk(chosen),
      list: async () => ipcOk({ voicemails: [] }),
    } as unknown as DesktopVoicemailApi;
    const controller = createVoicemailController({
      app: app.app,
      desktop,
      fetch: (async () => Response.json({ voicemails: [], newCount: 0 })) as typeof globalThis.fetch,
      openEvents: () => ({ addEventListener: () => undefined, close: () => undefined }),
      onFocus: () => () => undefined,
    });
    await settle();
    expect(controller.store.getSnapshot()).toMatchObject({ source: 'imap', status: 'ready' });
    chosen = { kind: 'service' };
    await controller.reloadSource();
    expect(controller.store.getSnapshot().source).toBe('service');
    controller.dispose();
  });
});
