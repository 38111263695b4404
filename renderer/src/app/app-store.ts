/**
 * The client's store: the one place where UI events become effects.
 *
 *   UI event ──► store action ──► API call / engine method
 *   engine snapshot, API answer, presence event ──► appReducer ──► AppState ──► UI (useSyncExternalStore)
 *
 * React never touches the engine, the API or EventSource directly.
 */
import type { ServiceConfig } from '../../../common/api-types.js';
import type { Logger } from '../../../common/logger.js';
import { silentLogger } from '../../../common/logger.js';
import { checkUsername, normalizeUsername } from '../../../common/username-rules.js';
import { DEFAULT_STATUS, type UserStatus } from '../../../common/presence-types.js';
import type { PhoneEngine } from '../engine/phone-engine-contract.js';
import type { ApiClient } from './api-client.js';
import { createApiClient } from './api-client.js';
import { ApiError, errorMessage, translateErrorCode } from './api-error.js';
import { t } from '../i18n/i18n.js';
import type { AppAction, AppState } from './app-state.js';
import { appReducer, initialAppState, knownDisplayName } from './app-state.js';
import { createPstnClient, type PstnClient } from './pstn-client.js';
import { createContactCardsClient, type ContactCardsClient } from './contact-cards-client.js';
import { ChatHub, type MessageNotifier } from './chat-hub.js';
import type { OpenPresenceFeed, PresenceFeed } from './presence-feed.js';
import type { SessionPersistence } from './session-persistence.js';

export interface EngineFactoryOptions {
  readonly config: ServiceConfig;
  readonly username: string;
  /** The session token: the service accepts it as the SIP digest password. */
  readonly token: string;
  readonly displayName?: string;
}

export interface AppStoreDeps {
  readonly persistence: SessionPersistence;
  readonly createEngine: (options: EngineFactoryOptions) => PhoneEngine;
  readonly openPresenceFeed: OpenPresenceFeed;
  readonly fetch?: typeof fetch;
  readonly baseUrl?: string;
  readonly logger?: Logger;
  /**
   * Called with each phone engine the store creates (one per sign-in / reconnect), e.g. to connect the
   * desktop shell (`connectDesktopShell`). The returned function runs when that engine is retired.
   */
  readonly onEngine?: (engine: PhoneEngine) => (() => void) | void;
  /** How a new chat message is announced when its conversation is not in view (default: web Notification). */
  readonly notifyMessage?: MessageNotifier;
}

export interface SignUpForm {
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
  readonly email: string;
}

export interface AppStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): AppState;
  readonly api: ApiClient;
  /** Chat (issue 3): the session's MessagingClient, read with `useSyncExternalStore(chat.subscribe, chat.getSnapshot)`. */
  readonly chat: ChatHub;
  /** Phone calls through the service's gateway (issue 11): quotes before dialing, cost after. */
  readonly pstn: PstnClient;
  /** The address book (issue 16): contact cards, vCard import and export. */
  readonly contactCards: ContactCardsClient;
  /** Restores a saved session (if any) and connects. Call once at start-up. */
  start(): Promise<void>;
  /** Creates the account, then signs in. Rejects with an ApiError the form shows. */
  signUp(form: SignUpForm): Promise<void>;
  signIn(username: string, password: string): Promise<void>;
  signOut(notice?: string): Promise<void>;
  /** Stops and restarts the phone engine (after a failed registration). */
  reconnect(): Promise<void>;
  search(query: string): Promise<void>;
  refreshContacts(): Promise<void>;
  /** Sets the user's status (availability and note); a refusal becomes a notice. */
  setStatus(status: UserStatus): Promise<void>;
  addContact(username: string): Promise<void>;
  removeContact(username: string): Promise<void>;
  /** Dials a username (or AOR / SIP URI). Returns the call id, or undefined (with a notice) when it cannot. */
  call(target: string): string | undefined;
  /** The person is about to call (pointer on a Call button, typing a number): get the call ready. */
  prepareCall(): void;
  answer(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  setMuted(callId: string, muted: boolean): void;
  /** Hold / Resume; a refusal becomes a notice. */
  setHeld(callId: string, held: boolean): Promise<void>;
  /** Puts `talkingId` on hold and resumes `heldId` (call waiting, consult). */
  swap(talkingId: string, heldId: string): Promise<void>;
  /** Blind transfer; a failure becomes a notice (the call stays on hold). */
  transfer(callId: string, target: string): Promise<void>;
  /** Attended transfer: hold and call the target to consult. */
  consult(callId: string, target: string): void;
  /** Attended transfer: connect the held call with the consulted one. */
  completeTransfer(consultCallId: string): Promise<void>;
  /** Merges two calls into a three-way call. */
  merge(callId: string, otherCallId: string): Promise<void>;
  /** Starts or stops recording a call (issue 16); a refusal becomes a notice. */
  setRecording(callId: string, on: boolean): Promise<void>;
  /** Keypad tones on the active call. */
  sendDtmf(callId: string, tones: string): Promise<void>;
  /** Live calls take the microphone chosen now (issue 12: a new choice, or the old one unplugged). */
  switchMicrophone(): void;
  dismiss(callId: string): void;
  /** Shows a sentence in the notice area (e.g. from the desktop shell). */
  showNotice(text: string): void;
  clearNotice(): void;
}

interface Connection {
  readonly engine: PhoneEngine;
  readonly dispose: () => void;
}

export function createAppStore(deps: AppStoreDeps): AppStore {
  const logger = deps.logger ?? silentLogger;
  let state: AppState = initialAppState();
  const listeners = new Set<() => void>();
  let connection: Connection | undefined;
  let feed: PresenceFeed | undefined;
  /** Bumped on every sign-in/out so late answers from an old session are ignored. */
  let generation = 0;
  let searchAbort: AbortController | undefined;

  const dispatch = (action: AppAction): void => {
    const next = appReducer(state, action);
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener();
  };

  const token = (): string | undefined => (state.auth.status === 'signed-in' ? state.auth.token : undefined);
  const api = createApiClient({ baseUrl: deps.baseUrl, fetch: deps.fetch, getToken: token });
  const chat = new ChatHub(deps.notifyMessage);
  const pstn = createPstnClient({ baseUrl: deps.baseUrl, fetch: deps.fetch, getToken: token });
  const contactCards = createContactCardsClient({
    baseUrl: deps.baseUrl,
    fetch: deps.fetch,
    getToken: token,
  });

  /** Runs an authenticated request; a 401 means the session is gone, so we sign out and say so. */
  async function authed<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && state.auth.status === 'signed-in') {
        await signOut(t('notice.sessionEnded'));
      }
      throw error;
    }
  }

  function openFeed(sessionToken: string, gen: number): void {
    feed?.close();
    let opened = false;
    feed = deps.openPresenceFeed(api.eventsUrl(sessionToken), {
      onPresence: (username, presence, status) => {
        if (gen !== generation) return;
        dispatch({ type: 'presence', username, presence, ...(status ? { status } : {}) });
        // Set on another device: the status follows the user.
        if (status && state.auth.status === 'signed-in' && state.auth.username === username)
          dispatch({ type: 'my-status', status });
      },
      onOpen: () => {
        // After a reconnect, presence may have changed while we were not listening.
        if (gen !== generation) return;
        if (opened) void refreshLists();
        opened = true;
        void loadMyStatus(gen);
      },
    });
  }

  async function connectPhone(gen: number): Promise<void> {
    if (state.auth.status !== 'signed-in') return;
    const { username, token: sessionToken, profile } = state.auth;
    let config: ServiceConfig;
    try {
      config = await api.getConfig();
    } catch (error) {
      if (gen !== generation) return;
      dispatch({
        type: 'phone',
        snapshot: { registration: { state: 'failed', error: errorMessage(error) }, calls: [] },
      });
      return;
    }
    if (gen !== generation) return;
    let engine: PhoneEngine;
    try {
      engine = deps.createEngine({
        config,
        username,
        token: sessionToken,
        displayName: profile?.displayName,
      });
    } catch (error) {
      logger.error({ err: errorMessage(error) }, 'engine creation failed');
      dispatch({
        type: 'phone',
        snapshot: { registration: { state: 'failed', error: errorMessage(error) }, calls: [] },
      });
      return;
    }
    const unsubscribe = engine.subscribe(() => {
      const before = state.phone.registration.state;
      dispatch({ type: 'phone', snapshot: engine.getSnapshot() });
      // A refused registration may mean the session token was revoked: if the API agrees (401),
      // `authed` signs out and says so; otherwise the header shows the failure and Reconnect.
      if (before !== 'failed' && state.phone.registration.state === 'failed' && gen === generation) {
        void authed(() => api.getMe()).catch(() => undefined);
      }
    });
    let detach: (() => void) | void = undefined;
    try {
      detach = deps.onEngine?.(engine);
    } catch (error) {
      logger.warn({ err: errorMessage(error) }, 'onEngine hook failed');
    }
    connection = {
      engine,
      dispose: () => {
        unsubscribe();
        if (detach) detach();
        chat.detach();
      },
    };
    const messaging = chat.attach({
      engine,
      username,
      domain: config.domain,
      token: sessionToken,
      ...(deps.baseUrl !== undefined ? { baseUrl: deps.baseUrl } : {}),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      nameOf: (u) => knownDisplayName(state, u) ?? u,
    });
    dispatch({ type: 'phone', snapshot: engine.getSnapshot() });
    try {
      await engine.start();
    } catch (error) {
      // The engine's snapshot carries the failure for the header; keep a log line for support.
      logger.warn({ err: errorMessage(error) }, 'registration failed');
    }
    if (gen === generation) void messaging?.loadConversations();
  }

  async function disconnectPhone(): Promise<void> {
    const current = connection;
    connection = undefined;
    if (!current) return;
    current.dispose();
    try {
      await current.engine.stop();
    } catch (error) {
      logger.warn({ err: errorMessage(error) }, 'engine stop failed');
    }
  }

  async function refreshLists(): Promise<void> {
    await Promise.allSettled([refreshContacts(), search(state.directory.query)]);
  }

  async function begin(username: string, sessionToken: string, fromStorage: boolean): Promise<void> {
    const gen = ++generation;
    dispatch({ type: 'signed-in', username, token: sessionToken });
    if (fromStorage) {
      try {
        const profile = await api.getMe();
        if (gen !== generation) return;
        dispatch({ type: 'profile', profile });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          await signOut(t('notice.sessionEnded'));
          return;
        }
        // Service unreachable: stay signed in; the header shows the connection problem.
      }
    }
    openFeed(sessionToken, gen);
    void refreshLists();
    await connectPhone(gen);
  }

  async function signIn(username: string, password: string): Promise<void> {
    const session = await api.createSession({ username: normalizeUsername(username), password });
    deps.persistence.save({ username: session.account.username, token: session.token });
    await disconnectPhone();
    const gen = ++generation;
    dispatch({
      type: 'signed-in',
      username: session.account.username,
      token: session.token,
      profile: session.account,
    });
    openFeed(session.token, gen);
    void refreshLists();
    await connectPhone(gen);
  }

  async function signOut(notice?: string): Promise<void> {
    // A deliberate sign-out revokes the token on the service too (best effort: offline is fine).
    const revoke = notice === undefined ? token() : undefined;
    if (revoke) void api.endSession(revoke).catch(() => undefined);
    generation++;
    searchAbort?.abort();
    feed?.close();
    feed = undefined;
    deps.persistence.clear();
    dispatch({ type: 'signed-out', notice });
    await disconnectPhone();
  }

  async function loadMyStatus(gen: number): Promise<void> {
    try {
      const status = await authed(() => api.getMyStatus());
      if (gen === generation) dispatch({ type: 'my-status', status });
    } catch (error) {
      logger.warn({ tnx: 'status', error: String(error) }, 'cannot read my status');
    }
  }

  /** Shown at once (the choice moves when clicked), then what the service kept; undone if it refused. */
  async function setStatus(status: UserStatus): Promise<void> {
    const before = state.myStatus;
    dispatch({ type: 'my-status', status });
    try {
      dispatch({ type: 'my-status', status: await authed(() => api.setMyStatus(status)) });
    } catch (error) {
      dispatch({ type: 'my-status', status: before ?? DEFAULT_STATUS });
      dispatch({ type: 'notice', notice: t('notice.statusNotChanged', { error: errorMessage(error) }) });
    }
  }

  async function refreshContacts(): Promise<void> {
    const gen = generation;
    dispatch({ type: 'contacts-loading' });
    try {
      const entries = await authed(() => api.listContacts());
      if (gen === generation) dispatch({ type: 'contacts-loaded', entries });
    } catch (error) {
      if (gen === generation) dispatch({ type: 'contacts-failed', error: errorMessage(error) });
    }
  }

  async function search(query: string): Promise<void> {
    const gen = generation;
    const q = query.trim();
    searchAbort?.abort();
    const abort = new AbortController();
    searchAbort = abort;
    dispatch({ type: 'directory-loading', query: q });
    try {
      const entries = await authed(() => api.searchDirectory(q, abort.signal));
      if (gen === generation) dispatch({ type: 'directory-loaded', query: q, entries });
    } catch (error) {
      if (abort.signal.aborted || gen !== generation) return;
      dispatch({ type: 'directory-failed', query: q, error: errorMessage(error) });
    }
  }

  function withEngine(action: string, run: (engine: PhoneEngine) => void | Promise<void>): Promise<void> {
    const engine = connection?.engine;
    if (!engine) {
      dispatch({ type: 'notice', notice: t('notice.notConnected') });
      return Promise.resolve();
    }
    return Promise.resolve()
      .then(() => run(engine))
      .catch((error: unknown) => {
        logger.warn({ action, err: errorMessage(error) }, 'call action failed');
        dispatch({ type: 'notice', notice: `${errorMessage(error)}` });
      });
  }

  function dismissEnded(engine: PhoneEngine): void {
    for (const call of engine.getSnapshot().calls) if (call.state === 'ended') engine.dismiss(call.id);
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
    api,
    chat,
    pstn,
    contactCards,
    async start() {
      const saved = deps.persistence.load();
      if (saved) await begin(saved.username, saved.token, true);
    },
    async signUp(form) {
      const email = form.email.trim();
      const displayName = form.displayName.trim();
      const created = await api.createAccount({
        username: normalizeUsername(form.username),
        password: form.password,
        ...(displayName ? { displayName } : {}),
        ...(email ? { email } : {}),
      });
      await signIn(created.username, form.password);
    },
    signIn,
    signOut,
    async reconnect() {
      await disconnectPhone();
      dispatch({ type: 'notice', notice: undefined });
      await connectPhone(generation);
    },
    search,
    refreshContacts,
    setStatus,
    async addContact(username) {
      try {
        const entry = await authed(() => api.addContact(username));
        dispatch({ type: 'contact-added', entry });
      } catch (error) {
        dispatch({
          type: 'notice',
          notice: t('notice.contactNotAdded', { username, error: errorMessage(error) }),
        });
      }
    },
    async removeContact(username) {
      try {
        await authed(() => api.removeContact(username));
        dispatch({ type: 'contact-removed', username });
      } catch (error) {
        dispatch({
          type: 'notice',
          notice: t('notice.contactNotRemoved', { username, error: errorMessage(error) }),
        });
      }
    },
    prepareCall() {
      if (state.phone.registration.state === 'registered') connection?.engine.prepareCall?.();
    },
    call(target) {
      const text = target.trim();
      if (!text) {
        dispatch({ type: 'notice', notice: t('notice.typeUsername') });
        return undefined;
      }
      // Addresses, and phone numbers in E.164 / `tel:` form (the engine sends them to the gateway).
      const isAddress = text.includes('@') || /^(sips?|tel):/i.test(text) || /^\+\d/.test(text);
      const name = isAddress ? text : normalizeUsername(text);
      if (!isAddress) {
        const check = checkUsername(name);
        if (!check.ok && check.code !== 'username_reserved') {
          dispatch({
            type: 'notice',
            notice: t('notice.invalidUsername', {
              text,
              reason: translateErrorCode(check.code) ?? check.reason,
            }),
          });
          return undefined;
        }
        if (state.auth.status === 'signed-in' && name === state.auth.username) {
          dispatch({
            type: 'notice',
            notice: t('notice.ownUsername'),
          });
          return undefined;
        }
      }
      const engine = connection?.engine;
      if (!engine || state.phone.registration.state !== 'registered') {
        dispatch({
          type: 'notice',
          notice: t('notice.notConnectedYet'),
        });
        return undefined;
      }
      dispatch({ type: 'notice', notice: undefined });
      dismissEnded(engine);
      try {
        return engine.call(name);
      } catch (error) {
        dispatch({ type: 'notice', notice: errorMessage(error) });
        return undefined;
      }
    },
    answer: (callId) =>
      withEngine('answer', async (engine) => {
        for (const call of engine.getSnapshot().calls) if (call.state === 'ended') engine.dismiss(call.id);
        await engine.answer(callId);
      }),
    decline: (callId) => withEngine('decline', (engine) => engine.decline(callId)),
    hangup: (callId) => withEngine('hangup', (engine) => engine.hangup(callId)),
    setHeld: (callId, held) => withEngine('hold', (engine) => engine.setHeld(callId, held)),
    swap: (talkingId, heldId) =>
      withEngine('swap', async (engine) => {
        const talking = engine.getSnapshot().calls.find((c) => c.id === talkingId);
        if (talking?.state === 'active' && !talking.held) await engine.setHeld(talkingId, true);
        await engine.setHeld(heldId, false);
      }),
    transfer: (callId, target) => withEngine('transfer', (engine) => engine.transfer(callId, target)),
    consult(callId, target) {
      void withEngine('consult', (engine) => {
        engine.consult(callId, target);
      });
    },
    completeTransfer: (consultCallId) =>
      withEngine('complete-transfer', (engine) => engine.completeTransfer(consultCallId)),
    merge: (callId, otherCallId) => withEngine('merge', (engine) => engine.merge(callId, otherCallId)),
    sendDtmf: (callId, tones) => withEngine('dtmf', (engine) => engine.sendDtmf(callId, tones)),
    setRecording: (callId, on) =>
      withEngine('record', async (engine) => {
        if (!engine.setRecording) throw new Error(t('notice.cannotRecord'));
        await engine.setRecording(callId, on);
      }),
    setMuted(callId, muted) {
      void withEngine('mute', (engine) => engine.setMuted(callId, muted));
    },
    switchMicrophone() {
      void withEngine('switch-microphone', (engine) => engine.switchMicrophone?.());
    },
    dismiss(callId) {
      connection?.engine.dismiss(callId);
    },
    showNotice(text) {
      dispatch({ type: 'notice', notice: text });
    },
    clearNotice() {
      dispatch({ type: 'notice', notice: undefined });
    },
  };
}
