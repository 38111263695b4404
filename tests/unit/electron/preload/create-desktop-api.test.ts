import { describe, expect, it } from 'vitest';
import {
  createDesktopApi,
  type IpcRendererApi,
} from '../../../../electron/src/preload/create-desktop-api.js';
import type { ParleyDesktopApi } from '../../../../common/ipc-contract.js';

function fakeIpc() {
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  let failNext = false;
  const ipc: IpcRendererApi = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      if (failNext) throw new Error('main gone');
      return { ok: true, value: 'answer' };
    },
    on: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown): void => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the raw ipcRenderer' }, payload);
  };
  return { ipc, invoked, emit, listeners, fail: () => (failNext = true) };
}

describe('the preload API (window.parley)', () => {
  it('forwards contract channels under the wire prefix', async () => {
    const f = fakeIpc();
    const api = createDesktopApi(f.ipc);
    expect(await api.invoke('dnd:set', true)).toEqual({ ok: true, value: 'answer' });
    expect(await api.invoke('app:get-info')).toEqual({ ok: true, value: 'answer' });
    expect(f.invoked).toEqual([
      ['parley:dnd:set', [true]],
      ['parley:app:get-info', []],
    ]);
  });

  it('refuses other channels locally and never rejects', async () => {
    const f = fakeIpc();
    const api = createDesktopApi(f.ipc) as unknown as { invoke(...args: unknown[]): Promise<unknown> };
    expect(await api.invoke('ELECTRON_BROWSER_REQUIRE', 'fs')).toMatchObject({
      ok: false,
      error: { code: 'unknown_channel' },
    });
    expect(await api.invoke('dnd:set', true, 'extra')).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    expect(f.invoked).toEqual([]);
    f.fail();
    expect(await api.invoke('dnd:get')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('listeners receive only the payload, and can stop listening', () => {
    const f = fakeIpc();
    const api: ParleyDesktopApi = createDesktopApi(f.ipc);
    const got: unknown[] = [];
    const off = api.on('links:dial', (payload) => got.push(payload));
    f.emit('parley:links:dial', { scheme: 'sip', target: 'sip:bob@x.org' });
    off();
    f.emit('parley:links:dial', { scheme: 'sip', target: 'sip:late@x.org' });
    expect(got).toEqual([{ scheme: 'sip', target: 'sip:bob@x.org' }]);
    const loose = api as unknown as { on(c: unknown, l: unknown): () => void };
    loose.on('ipc-message', () => undefined)();
    loose.on('links:dial', 'not a function')();
    expect([...f.listeners.keys()]).toEqual(['parley:links:dial']);
  });

  it('is frozen', () => {
    const api = createDesktopApi(fakeIpc().ipc);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });
});
