import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bearerFetchJson,
  ChatHub,
  requestNotificationPermission,
} from '../../../../renderer/src/app/chat-hub.js';
import type { PhoneEngine } from '../../../../renderer/src/engine/phone-engine-contract.js';
import { FakeTransport } from '../messaging/fakes.js';
import { FakePhoneEngine } from './fake-phone-engine.js';

/** A page stand-in: visibility, `visibilitychange`, and a recording Notification. */
function fakePage(permission: NotificationPermission = 'granted') {
  const shown: { title: string; body?: string; tag?: string }[] = [];
  const listeners = new Set<() => void>();
  const doc = {
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  };
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(async () => permission);
    constructor(title: string, options: { body?: string; tag?: string }) {
      shown.push({ title, ...options });
    }
  }
  vi.stubGlobal('document', doc);
  vi.stubGlobal('Notification', FakeNotification);
  const setVisible = (visible: boolean): void => {
    doc.visibilityState = visible ? 'visible' : 'hidden';
    for (const l of [...listeners]) l();
  };
  return { shown, listeners, setVisible, FakeNotification };
}

function engineWith(transport: FakeTransport): PhoneEngine {
  const engine = new FakePhoneEngine() as PhoneEngine & { messaging?: FakeTransport };
  Object.assign(engine, { messaging: transport });
  return engine;
}

const fetchNothing = (async () => new Response('{}')) as typeof fetch;

afterEach(() => vi.unstubAllGlobals());

describe('ChatHub', () => {
  it('builds a client on the engine transport, notifies only when the conversation is not in view, and cleans up', () => {
    const page = fakePage();
    const hub = new ChatHub();
    const changes = vi.fn();
    hub.subscribe(changes);
    const transport = new FakeTransport();
    const client = hub.attach({
      engine: engineWith(transport),
      username: 'bob',
      domain: 'example.test',
      token: 't',
      fetch: fetchNothing,
      nameOf: (u) => (u === 'alice' ? 'Alice Example' : u),
    });
    expect(client).toBeDefined();
    expect(changes).toHaveBeenCalled();
    const deliver = (id: string, body: string) =>
      transport.deliver('sip:alice@example.test', 'text/plain', body, { 'Parley-Message-Id': id });

    // The page is visible but the conversation is not open: a notification, and an unread count.
    deliver('m1', 'hello');
    expect(page.shown).toEqual([{ title: 'Message from Alice Example', body: 'hello', tag: 'chat-alice' }]);
    expect(hub.getSnapshot().totalUnread).toBe(1);

    // Open and visible: no notification.
    void client!.open('alice');
    deliver('m2', 'still there?');
    expect(page.shown).toHaveLength(1);

    // Tab hidden (visibilitychange → setInView(false)): a notification even for the open conversation.
    page.setVisible(false);
    deliver('m3', 'x'.repeat(300));
    expect(page.shown).toHaveLength(2);
    expect(page.shown[1]!.body).toHaveLength(140);

    hub.detach();
    expect(page.listeners.size).toBe(0);
    expect(hub.getSnapshot()).toEqual({ conversations: [], totalUnread: 0 });
    expect(hub.send('alice', 'hi')).toMatchObject({ ok: false, code: 'offline' });
  });

  it('hands notifications to an injected notifier (the desktop shell) instead of the web API', () => {
    const page = fakePage();
    const notices: unknown[] = [];
    const hub = new ChatHub((notice) => notices.push(notice));
    const transport = new FakeTransport();
    hub.attach({
      engine: engineWith(transport),
      username: 'bob',
      domain: 'example.test',
      token: 't',
      fetch: fetchNothing,
      nameOf: (u) => (u === 'alice' ? 'Alice Example' : u),
    });
    transport.deliver('sip:alice@example.test', 'text/plain', 'hello', { 'Parley-Message-Id': 'm1' });
    expect(notices).toEqual([
      { id: 'm1', peer: 'alice', name: 'Alice Example', title: 'Message from Alice Example', body: 'hello' },
    ]);
    expect(page.shown).toEqual([]);
    hub.detach();
  });

  it('without a messaging transport there is no client', () => {
    fakePage();
    const hub = new ChatHub();
    expect(
      hub.attach({ engine: new FakePhoneEngine(), username: 'bob', domain: 'd', token: 't' }),
    ).toBeUndefined();
    expect(hub.current).toBeUndefined();
  });

  it('asks for notification permission only when asked (a user gesture), and only once it is undecided', () => {
    const page = fakePage('default');
    requestNotificationPermission();
    expect(page.FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    const granted = fakePage('granted');
    requestNotificationPermission();
    expect(granted.FakeNotification.requestPermission).not.toHaveBeenCalled();
  });

  it('bearerFetchJson sends the session token and throws on HTTP errors', async () => {
    const seen: { url: string; auth: string | null; method: string }[] = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      seen.push({
        url,
        auth: new Headers(init.headers).get('authorization'),
        method: init.method ?? 'GET',
      });
      return url.endsWith('/bad') ? new Response('{}', { status: 401 }) : new Response('{"ok":1}');
    }) as unknown as typeof fetch;
    const f = bearerFetchJson('tok', 'http://svc', fetchImpl);
    expect(await f('/api/conversations')).toEqual({ ok: 1 });
    await f('/api/conversations/alice/read', { method: 'POST' });
    await expect(f('/bad')).rejects.toThrow('HTTP 401');
    expect(seen[0]).toEqual({ url: 'http://svc/api/conversations', auth: 'Bearer tok', method: 'GET' });
    expect(seen[1]!.method).toBe('POST');
  });
});
