/**
 * Keeps the call history store on the signed-in user: a client for the session's token when signed in,
 * none when signed out. A 401 from the API signs out (the session is gone).
 */
import { t } from '../i18n/i18n.js';
import type { AuthState } from '../app/app-state.js';
import { createCallHistoryClient, type HistoryEventStream } from './call-history-client.js';
import { createCallHistoryStore, type CallHistoryStore } from './call-history-store.js';

/** The part of the app store used here. */
export interface HistoryAuthSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): { readonly auth: AuthState };
  signOut(notice?: string): Promise<void>;
}

export interface CallHistoryControllerOptions {
  readonly app: HistoryAuthSource;
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly openEvents?: (url: string) => HistoryEventStream;
}

export interface CallHistoryController {
  readonly store: CallHistoryStore;
  dispose(): void;
}

export function createCallHistoryController(options: CallHistoryControllerOptions): CallHistoryController {
  const store = createCallHistoryStore({
    onUnauthorized: () => {
      if (options.app.getSnapshot().auth.status === 'signed-in')
        void options.app.signOut(t('notice.sessionEnded'));
    },
  });
  let token: string | undefined;
  const sync = (): void => {
    const auth = options.app.getSnapshot().auth;
    const next = auth.status === 'signed-in' ? auth.token : undefined;
    if (next === token) return;
    token = next;
    store.attach(
      next
        ? createCallHistoryClient({
            token: next,
            ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
            ...(options.fetch ? { fetch: options.fetch } : {}),
            ...(options.openEvents ? { openEvents: options.openEvents } : {}),
          })
        : undefined,
    );
  };
  const unsubscribe = options.app.subscribe(sync);
  sync();
  return {
    store,
    dispose() {
      unsubscribe();
      store.dispose();
    },
  };
}
