import { describe, expect, it } from 'vitest';
import type { VoicemailEntry } from '../../../../common/api-types.js';
import { ipcError, ipcOk } from '../../../../common/ipc-contract.js';
import type { DesktopVoicemailApi } from '../../../../renderer/src/platform/desktop-voicemail.js';
import { createCallSettingsApi } from '../../../../renderer/src/voicemail/call-settings-api.js';
import {
  createDesktopVoicemailSource,
  fromMailbox,
} from '../../../../renderer/src/voicemail/desktop-voicemail-source.js';
import {
  createServiceVoicemailSource,
  parseVoicemailEvent,
  type VoicemailEventStream,
} from '../../../../renderer/src/voicemail/service-voicemail-source.js';

const ENTRY: VoicemailEntry = {
  id: 'vm-1',
  caller: { username: 'alice', displayName: 'Alice', uri: 'sip:alice@parley.test' },
  receivedAt: 2_000,
  durationMs: 4_000,
  sizeBytes: 8_000,
  heard: false,
  peaks: [0.2, 0.4],
};

function fakeFetch(routes: Record<string, () => Response>) {
  const seen: Array<{
    method: string;
    url: string;
    auth: string | null;
    type: string | null;
    body: unknown;
  }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const method = init?.method ?? 'GET';
    seen.push({
      method,
      url: String(input),
      auth: headers.get('Authorization'),
      type: headers.get('Content-Type'),
      body: init?.body,
    });
    const route = routes[`${method} ${String(input)}`];
    if (!route)
      return new Response('{"error":{"code":"not_found","message":"No such voicemail."}}', { status: 404 });
    return route();
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}

function fakeStream() {
  const listeners = new Map<string, (event: { data?: unknown }) => void>();
  let closed = false;
  const stream: VoicemailEventStream = {
    addEventListener: (type, listener) => listeners.set(type, listener),
    close: () => (closed = true),
  };
  return {
    stream,
    emit: (type: string, data?: string) => listeners.get(type)?.({ data }),
    closed: () => closed,
  };
}

describe('service voicemail source', () => {
  it('lists, fetches audio, marks heard and deletes with the bearer token', async () => {
    const { fetch, seen } = fakeFetch({
      'GET http://svc/api/voicemails': () =>
        Response.json({ voicemails: [{ ...ENTRY, id: 'old', receivedAt: 1 }, ENTRY], newCount: 2 }),
      'GET http://svc/api/voicemails/vm-1/audio': () =>
        new Response(new Uint8Array([0x4f, 0x67, 0x67, 0x53]), { headers: { 'Content-Type': 'audio/ogg' } }),
      'POST http://svc/api/voicemails/vm-1/heard': () => new Response(null, { status: 204 }),
      'DELETE http://svc/api/voicemails/vm-1': () => new Response(null, { status: 204 }),
    });
    const source = createServiceVoicemailSource({ baseUrl: 'http://svc', token: 'tok', fetch });
    const list = await source.list();
    expect(list.voicemails.map((v) => v.id)).toEqual(['vm-1', 'old']);
    expect(list.newCount).toBe(2);
    const audio = await source.fetchAudio('vm-1');
    expect(audio.mimeType).toBe('audio/ogg');
    expect(new Uint8Array(await audio.data.arrayBuffer())).toEqual(new Uint8Array([0x4f, 0x67, 0x67, 0x53]));
    await source.markHeard('vm-1', true);
    await source.markHeard('vm-1', false); // no API for "new again": nothing sent
    await source.remove('vm-1');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET http://svc/api/voicemails',
      'GET http://svc/api/voicemails/vm-1/audio',
      'POST http://svc/api/voicemails/vm-1/heard',
      'DELETE http://svc/api/voicemails/vm-1',
    ]);
    expect(seen.every((s) => s.auth === 'Bearer tok')).toBe(true);
  });

  it('turns API errors into the API’s sentence, 401 into unauthorized, and network failures into a sentence', async () => {
    const { fetch } = fakeFetch({
      'GET http://svc/api/voicemails': () =>
        Response.json({ error: { code: 'unauthorized', message: 'Sign in again.' } }, { status: 401 }),
    });
    const source = createServiceVoicemailSource({ baseUrl: 'http://svc', token: 't', fetch });
    await expect(source.list()).rejects.toMatchObject({ code: 'unauthorized', message: 'Sign in again.' });
    await expect(source.remove('nope')).rejects.toMatchObject({ message: 'No such voicemail.' });
    const offline = createServiceVoicemailSource({
      token: 't',
      fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof globalThis.fetch,
    });
    await expect(offline.list()).rejects.toMatchObject({ code: 'network' });
  });

  it('watches the SSE stream: voicemail events with their count, and a reopen after a drop', () => {
    const fake = fakeStream();
    let url = '';
    const source = createServiceVoicemailSource({
      baseUrl: 'http://svc',
      token: 'a b',
      openEvents: (u) => ((url = u), fake.stream),
    });
    const changes: unknown[] = [];
    const stop = source.watch((hint) => changes.push(hint));
    expect(url).toBe('http://svc/api/events?token=a%20b');
    fake.emit('open');
    fake.emit('voicemail', '{"newCount":3,"totalCount":4}');
    fake.emit('voicemail', 'not json');
    fake.emit('open');
    expect(changes).toEqual([{ newCount: 3 }, undefined]);
    stop();
    expect(fake.closed()).toBe(true);
    expect(parseVoicemailEvent('{"newCount":-1,"totalCount":0}')).toBeUndefined();
    expect(parseVoicemailEvent('{"newCount":1}')).toBeUndefined();
  });

  it('call settings: ring time (checked before sending) and greeting upload as audio/ogg', async () => {
    const { fetch, seen } = fakeFetch({
      'GET http://svc/api/settings': () => Response.json({ ringTimeoutSec: 20, customGreeting: false }),
      'PUT http://svc/api/settings': () => Response.json({ ringTimeoutSec: 30, customGreeting: false }),
      'PUT http://svc/api/voicemail/greeting': () =>
        Response.json({ ringTimeoutSec: 30, customGreeting: true }),
      'DELETE http://svc/api/voicemail/greeting': () =>
        Response.json({ ringTimeoutSec: 30, customGreeting: false }),
    });
    const api = createCallSettingsApi({ baseUrl: 'http://svc', token: 'tok', fetch });
    expect(await api.get()).toEqual({ ringTimeoutSec: 20, customGreeting: false });
    expect((await api.setRingTimeout(30)).ringTimeoutSec).toBe(30);
    await expect(api.setRingTimeout(3)).rejects.toThrow('from 5 to 120 seconds');
    await api.uploadGreeting(new Blob(['OggS'], { type: 'audio/ogg' }));
    await api.resetGreeting();
    expect(seen.map((s) => [s.method, s.url, s.type])).toEqual([
      ['GET', 'http://svc/api/settings', null],
      ['PUT', 'http://svc/api/settings', 'application/json'],
      ['PUT', 'http://svc/api/voicemail/greeting', 'audio/ogg'],
      ['DELETE', 'http://svc/api/voicemail/greeting', null],
    ]);
    expect(seen[1]!.body).toBe('{"ringTimeoutSec":30}');
  });
});

describe('desktop mailbox voicemail source', () => {
  function fakeApi(overrides: Partial<DesktopVoicemailApi> = {}): DesktopVoicemailApi {
    return {
      getSource: async () => ipcOk({ kind: 'service' }),
      saveSource: async () => ipcOk({ kind: 'service' }),
      checkSource: async () => ipcOk(null),
      list: async () =>
        ipcOk({
          voicemails: [
            {
              id: '7:1',
              caller: 'Alice',
              callerUri: 'sip:alice@parley.test',
              receivedAt: 5,
              durationMs: 3_000,
              heard: true,
            },
            {
              id: '7:2',
              caller: 'Bob',
              callerUri: 'sip:bob@parley.test',
              receivedAt: 9,
              durationMs: 1_000,
              heard: false,
            },
          ],
          offlineNote: 'Showing downloaded voicemails.',
        }),
      fetchAudio: async () => ipcOk({ data: new Uint8Array([1, 2, 3]), mimeType: 'audio/ogg' }),
      markHeard: async () => ipcOk(null),
      remove: async () => ipcError('auth_failed', 'authentication failed for this user at mail:993'),
      ...overrides,
    };
  }

  it('maps the mailbox list (newest first, offline note), audio bytes, and IPC errors', async () => {
    const source = createDesktopVoicemailSource({ kind: 'pop3', api: fakeApi() });
    const list = await source.list();
    expect(list.voicemails.map((v) => v.id)).toEqual(['7:2', '7:1']);
    expect(list.newCount).toBe(1);
    expect(list.offlineNote).toBe('Showing downloaded voicemails.');
    expect(list.voicemails[0]!.caller).toEqual({
      displayName: 'Bob',
      username: 'bob',
      uri: 'sip:bob@parley.test',
    });
    const audio = await source.fetchAudio('7:2');
    expect(new Uint8Array(await audio.data.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    await expect(source.remove('7:2')).rejects.toMatchObject({
      code: 'auth_failed',
      message: 'authentication failed for this user at mail:993',
    });
    expect(
      fromMailbox({ id: 'x', caller: 'C', callerUri: 'tel:+1', receivedAt: 1, durationMs: 1, heard: false })
        .caller,
    ).toEqual({ displayName: 'C', uri: 'tel:+1' });
  });

  it('polls for new mail and re-checks when the window comes back; stops both', () => {
    const timers: Array<{ run: () => void; ms: number; cleared: boolean }> = [];
    let focusListener: (() => void) | undefined;
    const source = createDesktopVoicemailSource({
      kind: 'imap',
      api: fakeApi(),
      pollMs: 30_000,
      setInterval: (run, ms) => {
        const t = { run, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearInterval: (h) => ((h as { cleared: boolean }).cleared = true),
      onFocus: (listener) => {
        focusListener = listener;
        return () => (focusListener = undefined);
      },
    });
    let changes = 0;
    const stop = source.watch(() => changes++);
    expect(timers[0]!.ms).toBe(30_000);
    timers[0]!.run();
    focusListener?.();
    expect(changes).toBe(2);
    stop();
    expect(timers[0]!.cleared).toBe(true);
    expect(focusListener).toBeUndefined();
  });
});
