import { describe, expect, it } from 'vitest';
import type { DirectoryEntry, PresenceStatus } from '../../../../common/api-types.js';
import { createAppStore } from '../../../../renderer/src/app/app-store.js';
import type { EngineFactoryOptions } from '../../../../renderer/src/app/app-store.js';
import type { PresenceFeedHandlers } from '../../../../renderer/src/app/presence-feed.js';
import { createSessionPersistence } from '../../../../renderer/src/app/session-persistence.js';
import type { KeyValueStorage } from '../../../../renderer/src/app/session-persistence.js';
import { FakePhoneEngine } from './fake-phone-engine.js';

const bob: DirectoryEntry = {
  username: 'bob',
  displayName: 'Bob',
  aor: 'sip:bob@localhost',
  presence: 'online',
  isContact: false,
};

/** A tiny fake of the service API: enough routes for the store's flows. */
function fakeService(options: { meStatus?: number; statusAnswer?: Promise<Response> } = {}) {
  const requests: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    requests.push(`${method} ${url}`);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (url === '/api/sessions') {
      const { username, password } = JSON.parse(String(init?.body)) as { username: string; password: string };
      if (password !== 'correct horse') {
        return json(401, { error: { code: 'invalid_credentials', message: 'Wrong username or password.' } });
      }
      return json(201, {
        token: 'tok',
        account: { username, displayName: 'Ann', email: '', aor: 'sip:ann@l' },
      });
    }
    if (url === '/api/me') {
      return options.meStatus === 401
        ? json(401, { error: { code: 'unauthorized', message: 'Sign in again.' } })
        : json(200, { username: 'ann', displayName: 'Ann', email: '', aor: 'sip:ann@l' });
    }
    if (url === '/api/config')
      return json(200, { domain: 'localhost', sipUrl: 'ws://x/sip', iceServers: [] });
    if (url === '/api/contacts') return json(200, { contacts: [] });
    if (url.startsWith('/api/directory')) return json(200, { users: [bob] });
    if (url === '/api/me/status' && method === 'PUT' && options.statusAnswer) return options.statusAnswer;
    if (url === '/api/contacts/bob' && method === 'PUT') return json(200, { ...bob, isContact: true });
    return json(404, { error: { code: 'not_found', message: 'No such route.' } });
  };
  return { fetch, requests };
}

function setup(options: { meStatus?: number; saved?: boolean; statusAnswer?: Promise<Response> } = {}) {
  const data = new Map<string, string>();
  const storage: KeyValueStorage = {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
  if (options.saved) storage.setItem('parley.session', JSON.stringify({ username: 'ann', token: 'old' }));
  const service = fakeService(options);
  const engines: { options: EngineFactoryOptions; engine: FakePhoneEngine }[] = [];
  const feeds: { url: string; handlers: PresenceFeedHandlers; closed: boolean }[] = [];
  const store = createAppStore({
    persistence: createSessionPersistence(storage),
    fetch: service.fetch,
    createEngine: (engineOptions) => {
      const engine = new FakePhoneEngine();
      engines.push({ options: engineOptions, engine });
      return engine;
    },
    openPresenceFeed: (url, handlers) => {
      const feed = { url, handlers, closed: false };
      feeds.push(feed);
      return { close: () => void (feed.closed = true) };
    },
  });
  return { store, data, engines, feeds, requests: service.requests };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('app store', () => {
  it('signs in: saves the session, registers with the token as SIP password, opens presence', async () => {
    const { store, data, engines, feeds } = setup();
    await store.signIn('Ann', 'correct horse');
    await settle();
    const state = store.getSnapshot();
    expect(state.auth).toMatchObject({ status: 'signed-in', username: 'ann', token: 'tok' });
    expect(JSON.parse(data.get('parley.session')!)).toEqual({ username: 'ann', token: 'tok' });
    expect(engines[0]!.options).toMatchObject({ username: 'ann', token: 'tok', displayName: 'Ann' });
    expect(state.phone.registration.state).toBe('registered');
    expect(feeds[0]!.url).toBe('/api/events?token=tok');
    expect(state.directory.entries).toEqual([bob]);
  });

  it('rejects a wrong password with the service message and stays signed out', async () => {
    const { store, engines } = setup();
    await expect(store.signIn('ann', 'nope')).rejects.toMatchObject({
      code: 'invalid_credentials',
      status: 401,
    });
    expect(store.getSnapshot().auth.status).toBe('signed-out');
    expect(engines).toHaveLength(0);
  });

  it('restores a saved session on start (reload keeps you signed in)', async () => {
    const { store, engines } = setup({ saved: true });
    await store.start();
    expect(store.getSnapshot().auth).toMatchObject({ status: 'signed-in', username: 'ann', token: 'old' });
    expect(engines[0]!.options.token).toBe('old');
  });

  it('signs out with a notice when the saved session is no longer valid', async () => {
    const { store, data, engines } = setup({ saved: true, meStatus: 401 });
    await store.start();
    expect(store.getSnapshot().auth).toEqual({
      status: 'signed-out',
      notice: 'Your session has ended. Sign in again.',
    });
    expect(data.size).toBe(0);
    expect(engines).toHaveLength(0);
  });

  it('sign-out stops the engine, closes presence and forgets the session', async () => {
    const { store, data, engines, feeds, requests } = setup();
    await store.signIn('ann', 'correct horse');
    await store.signOut();
    expect(engines[0]!.engine.calls).toContain('stop');
    expect(requests).toContain('DELETE /api/sessions/current');
    expect(feeds[0]!.closed).toBe(true);
    expect(data.size).toBe(0);
    expect(store.getSnapshot().auth.status).toBe('signed-out');
  });

  it('presence events update the lists live', async () => {
    const { store, feeds } = setup();
    await store.signIn('ann', 'correct horse');
    await settle();
    const presence: PresenceStatus = 'on-call';
    feeds[0]!.handlers.onPresence('bob', presence);
    expect(store.getSnapshot().directory.entries[0]!.presence).toBe('on-call');
  });

  it('shows a new status at once, keeps what the service answers, and undoes it when refused', async () => {
    let answer!: (response: Response) => void;
    const statusAnswer = new Promise<Response>((resolve) => (answer = resolve));
    const { store } = setup({ statusAnswer });
    await store.signIn('ann', 'correct horse');
    await settle();
    const saving = store.setStatus({ availability: 'away', note: 'Lunch' });
    // The choice moves before the service has answered (the radio button follows the click).
    expect(store.getSnapshot().myStatus).toEqual({ availability: 'away', note: 'Lunch' });
    answer(
      new Response(JSON.stringify({ error: { code: 'unavailable', message: 'Try again.' } }), {
        status: 503,
      }),
    );
    await saving;
    expect(store.getSnapshot().myStatus?.availability).toBe('available');
    expect(store.getSnapshot().notice).toMatch(/^Your status was not changed: /);
  });

  it('adds a contact through the API', async () => {
    const { store, requests } = setup();
    await store.signIn('ann', 'correct horse');
    await settle();
    await store.addContact('bob');
    expect(requests).toContain('PUT /api/contacts/bob');
    expect(store.getSnapshot().contacts.entries.map((e) => e.username)).toEqual(['bob']);
    expect(store.getSnapshot().directory.entries[0]!.isContact).toBe(true);
  });

  it('dials through the engine, lowercasing the username, and refuses bad input with a reason', async () => {
    const { store, engines } = setup();
    await store.signIn('ann', 'correct horse');
    await settle();
    expect(store.call('  Bob ')).toBe('c1');
    expect(engines[0]!.engine.calls).toContain('call bob');
    expect(store.getSnapshot().phone.calls[0]).toMatchObject({ state: 'dialing', peer: { username: 'bob' } });
    expect(store.call('1bob')).toBeUndefined();
    expect(store.getSnapshot().notice).toMatch(/not a valid username\. Start with a letter/);
    expect(store.call('ann')).toBeUndefined();
    expect(store.getSnapshot().notice).toMatch(/your own username/);
  });

  it('will not dial before registration and says what to do', async () => {
    const { store, engines } = setup();
    await store.signIn('ann', 'correct horse');
    engines[0]!.engine.setRegistration('failed', 'Network down');
    expect(store.call('bob')).toBeUndefined();
    expect(store.getSnapshot().notice).toMatch(/Reconnect/);
  });

  it('forwards answer, mute and hang-up to the engine', async () => {
    const { store, engines } = setup();
    await store.signIn('ann', 'correct horse');
    await store.answer('c9');
    store.setMuted('c9', true);
    await store.hangup('c9');
    await settle();
    expect(engines[0]!.engine.calls).toEqual(
      expect.arrayContaining(['answer c9', 'mute c9 true', 'hangup c9']),
    );
  });

  it('reconnect replaces the engine after a failed registration', async () => {
    const { store, engines } = setup();
    await store.signIn('ann', 'correct horse');
    engines[0]!.engine.setRegistration('failed', 'Network down');
    await store.reconnect();
    expect(engines).toHaveLength(2);
    expect(store.getSnapshot().phone.registration.state).toBe('registered');
  });
});

describe('app store, revoked session', () => {
  it('signs out when registration is refused and the API says the token is no longer valid', async () => {
    const { store, engines, data } = setup({ meStatus: 401 });
    await store.signIn('ann', 'correct horse');
    engines[0]!.engine.setRegistration('failed', 'Wrong username or password');
    await settle();
    await settle();
    expect(store.getSnapshot().auth).toEqual({
      status: 'signed-out',
      notice: 'Your session has ended. Sign in again.',
    });
    expect(data.size).toBe(0);
  });
});

describe('app store, engine hook', () => {
  it('hands each engine to onEngine and runs its disposer when the engine is retired', async () => {
    const seen: string[] = [];
    const store = createAppStore({
      persistence: createSessionPersistence(undefined),
      fetch: async (input) => {
        const url = String(input);
        if (url === '/api/sessions') {
          return new Response(
            JSON.stringify({
              token: 't',
              account: { username: 'ann', displayName: 'Ann', email: '', aor: 'x' },
            }),
            { status: 201 },
          );
        }
        if (url === '/api/config')
          return new Response(JSON.stringify({ domain: 'l', sipUrl: 'ws://x/sip', iceServers: [] }));
        return new Response(JSON.stringify({ contacts: [], users: [] }));
      },
      createEngine: () => new FakePhoneEngine(),
      openPresenceFeed: () => ({ close: () => undefined }),
      onEngine: () => {
        seen.push('attach');
        return () => seen.push('detach');
      },
    });
    await store.signIn('ann', 'pw');
    await store.reconnect();
    await store.signOut();
    expect(seen).toEqual(['attach', 'detach', 'attach', 'detach']);
    store.showNotice('Reconnecting after the computer woke up…');
    expect(store.getSnapshot().notice).toBe('Reconnecting after the computer woke up…');
  });
});
