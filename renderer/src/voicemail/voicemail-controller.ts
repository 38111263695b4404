/**
 * Keeps the voicemail store on the right source for the signed-in user:
 *
 *   app auth ──signed in (token)──► desktop? ask main for the chosen source (voicemail:get-source)
 *                                      service ─► service store (HTTP + SSE)
 *                                      imap / pop3 ─► mailbox through the desktop bridge
 *            ──signed out──────────► no source (empty snapshot)
 *
 * The app store is read, never changed, except that a 401 from the voicemail API signs out (the
 * session is gone, as the app store does for its own calls).
 */
import { t } from '../i18n/i18n.js';
import type { AuthState } from '../app/app-state.js';
import type { DesktopVoicemailApi } from '../platform/desktop-voicemail.js';
import { createCallSettingsApi, type CallSettingsApi } from './call-settings-api.js';
import { createDesktopVoicemailSource } from './desktop-voicemail-source.js';
import { createServiceVoicemailSource, type VoicemailEventStream } from './service-voicemail-source.js';
import type { VoicemailSource } from './voicemail-source.js';
import { createVoicemailStore, type VoicemailStore } from './voicemail-store.js';

/** The part of the app store used here. */
export interface AuthSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): { readonly auth: AuthState };
  signOut(notice?: string): Promise<void>;
}

export interface VoicemailControllerOptions {
  readonly app: AuthSource;
  /** The desktop shell's voicemail channels; undefined in a plain browser. */
  readonly desktop?: DesktopVoicemailApi;
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly openEvents?: (url: string) => VoicemailEventStream;
  /** Desktop: "the window came back to the front" (re-check the mailbox). */
  readonly onFocus?: (listener: () => void) => () => void;
  /** Desktop mailbox polling period (default 60 s). */
  readonly pollMs?: number;
}

export interface VoicemailController {
  readonly store: VoicemailStore;
  /** The desktop shell's voicemail channels (mailbox settings), when running in it. */
  readonly desktop?: DesktopVoicemailApi;
  /** Ring time and greeting on the service, for the signed-in user; undefined when signed out. */
  callSettings(): CallSettingsApi | undefined;
  /** Reads the chosen source again (after the user changed it in settings). */
  reloadSource(): Promise<void>;
  dispose(): void;
}

export function createVoicemailController(options: VoicemailControllerOptions): VoicemailController {
  const store = createVoicemailStore({
    onUnauthorized: () => {
      if (options.app.getSnapshot().auth.status === 'signed-in')
        void options.app.signOut(t('notice.sessionEnded'));
    },
  });
  let token: string | undefined;
  let generation = 0;

  const serviceSource = (sessionToken: string): VoicemailSource =>
    createServiceVoicemailSource({
      token: sessionToken,
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      openEvents: options.openEvents,
    });

  async function chooseSource(sessionToken: string): Promise<void> {
    const gen = ++generation;
    let source: VoicemailSource = serviceSource(sessionToken);
    if (options.desktop) {
      const chosen = await options.desktop.getSource();
      if (gen !== generation) return;
      if (chosen.ok && chosen.value.kind !== 'service') {
        source = createDesktopVoicemailSource({
          kind: chosen.value.kind,
          api: options.desktop,
          onFocus: options.onFocus,
          pollMs: options.pollMs,
        });
      }
    }
    store.attach(source);
  }

  function sync(): void {
    const auth = options.app.getSnapshot().auth;
    const next = auth.status === 'signed-in' ? auth.token : undefined;
    if (next === token) return;
    token = next;
    if (next) void chooseSource(next);
    else {
      generation++;
      store.attach(undefined);
    }
  }

  const unsubscribe = options.app.subscribe(sync);
  sync();

  return {
    store,
    desktop: options.desktop,
    callSettings: () =>
      token ? createCallSettingsApi({ token, baseUrl: options.baseUrl, fetch: options.fetch }) : undefined,
    async reloadSource() {
      if (token) await chooseSource(token);
    },
    dispose() {
      unsubscribe();
      generation++;
      store.dispose();
    },
  };
}
