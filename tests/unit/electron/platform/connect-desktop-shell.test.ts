import { describe, expect, it } from 'vitest';
import type {
  IpcEventChannel,
  IpcEventMap,
  IpcInvokeChannel,
  IpcResult,
  ParleyDesktopApi,
} from '../../../../common/ipc-contract.js';
import type {
  CallSnapshot,
  PhoneEngine,
  PhoneSnapshot,
} from '../../../../renderer/src/engine/phone-engine-contract.js';
import { connectDesktopShell } from '../../../../renderer/src/platform/connect-desktop-shell.js';
import { getDesktopBridge } from '../../../../renderer/src/platform/desktop-bridge.js';

class FakeEngine implements PhoneEngine {
  snapshot: PhoneSnapshot = { registration: { state: 'connecting' }, calls: [] };
  actions: string[] = [];
  private listeners = new Set<() => void>();
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  getSnapshot(): PhoneSnapshot {
    return this.snapshot;
  }
  set(update: Partial<PhoneSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...update };
    for (const l of this.listeners) l();
  }
  async start(): Promise<void> {
    this.actions.push('start');
  }
  async stop(): Promise<void> {
    this.actions.push('stop');
  }
  call(target: string): string {
    this.actions.push(`call ${target}`);
    return 'call-out';
  }
  async answer(id: string): Promise<void> {
    this.actions.push(`answer ${id}`);
  }
  async decline(id: string): Promise<void> {
    this.actions.push(`decline ${id}`);
  }
  async hangup(id: string): Promise<void> {
    this.actions.push(`hangup ${id}`);
  }
  setMuted(): void {}
  async setHeld(): Promise<void> {}
  async sendDtmf(): Promise<void> {}
  async transfer(): Promise<void> {}
  consult(): string {
    return 'call-consult';
  }
  async completeTransfer(): Promise<void> {}
  async merge(): Promise<void> {}
  dismiss(): void {}
  listenerCount(): number {
    return this.listeners.size;
  }
}

function fakeBridge(pending: IpcEventMap['links:dial'][] = []) {
  const invoked: Array<[IpcInvokeChannel, unknown]> = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const bridge = {
    invoke: async (channel: IpcInvokeChannel, arg?: unknown): Promise<IpcResult<unknown>> => {
      invoked.push([channel, arg]);
      if (channel === 'links:take-pending') return { ok: true, value: pending };
      if (channel === 'dnd:get') return { ok: true, value: false };
      return { ok: true, value: null };
    },
    on: (channel: IpcEventChannel, listener: (p: unknown) => void) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  } as unknown as ParleyDesktopApi;
  const emit = <E extends IpcEventChannel>(channel: E, payload: IpcEventMap[E]): void => {
    for (const l of listeners.get(channel) ?? []) l(payload);
  };
  const of = (channel: IpcInvokeChannel): unknown[] =>
    invoked.filter(([c]) => c === channel).map(([, a]) => a);
  const listenerCount = (): number => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { bridge, invoked, emit, of, listenerCount };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function incoming(id: string, state: CallSnapshot['state'], extra: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    id,
    direction: 'incoming',
    peer: { uri: 'sip:bob@example.org', username: 'bob', displayName: 'Bob\nBuilder' },
    state,
    muted: false,
    held: false,
    holdPending: false,
    remoteHeld: false,
    createdAt: 1,
    ...extra,
  };
}

describe('desktop bridge lookup', () => {
  it('is undefined in a plain browser and for look-alikes', () => {
    expect(getDesktopBridge({})).toBeUndefined();
    expect(getDesktopBridge({ parley: 'x' })).toBeUndefined();
    expect(getDesktopBridge({ parley: { invoke: () => undefined } })).toBeUndefined();
    const api = { invoke: () => undefined, on: () => undefined };
    expect(getDesktopBridge({ parley: api })).toBe(api);
  });
});

describe('connectDesktopShell', () => {
  it('mirrors registration into the tray, once per change', async () => {
    const engine = new FakeEngine();
    const b = fakeBridge();
    connectDesktopShell(engine, b.bridge);
    engine.set({ registration: { state: 'registered' } });
    engine.set({ registration: { state: 'registered' } });
    engine.set({ registration: { state: 'failed', error: 'Wrong password' } });
    await flush();
    expect(b.of('tray:set-status')).toEqual([
      { registration: 'connecting', missedCalls: 0, unreadMessages: 0 },
      { registration: 'registered', missedCalls: 0, unreadMessages: 0 },
      { registration: 'offline', missedCalls: 0, unreadMessages: 0 },
    ]);
  });

  it('notifies an incoming call with a one-line name, routes Answer, clears when answered', async () => {
    const engine = new FakeEngine();
    const b = fakeBridge();
    connectDesktopShell(engine, b.bridge);
    engine.set({ registration: { state: 'registered' }, calls: [incoming('call-1', 'incoming')] });
    expect(b.of('notify:incoming-call')).toEqual([
      { callId: 'call-1', from: 'Bob Builder', address: 'sip:bob@example.org' },
    ]);
    b.emit('notify:action', { callId: 'call-1', action: 'answer' });
    expect(engine.actions).toEqual(['answer call-1']);
    engine.set({ calls: [incoming('call-1', 'active', { answeredAt: 2 })] });
    expect(b.of('notify:clear-call')).toEqual(['call-1']);
    engine.set({ calls: [incoming('call-1', 'ended', { answeredAt: 2, endReason: 'remote-hangup' })] });
    expect(b.of('notify:missed-call')).toEqual([]);
  });

  it('clears the notification when answered elsewhere, without counting a missed call', () => {
    const engine = new FakeEngine();
    const b = fakeBridge();
    connectDesktopShell(engine, b.bridge);
    engine.set({ calls: [incoming('call-2', 'incoming')] });
    engine.set({ calls: [incoming('call-2', 'ended', { endReason: 'answered-elsewhere' })] });
    expect(b.of('notify:clear-call')).toEqual(['call-2']);
    expect(b.of('notify:missed-call')).toEqual([]);
  });

  it('counts a missed call when the caller gives up, and resets the count when the window is seen', () => {
    const engine = new FakeEngine();
    const b = fakeBridge();
    const shell = connectDesktopShell(engine, b.bridge);
    engine.set({ registration: { state: 'registered' }, calls: [incoming('call-3', 'incoming')] });
    engine.set({ calls: [incoming('call-3', 'ended', { endReason: 'cancelled' })] });
    engine.set({ calls: [incoming('call-3', 'ended', { endReason: 'cancelled' })] });
    expect(b.of('notify:clear-call')).toEqual(['call-3']);
    expect(b.of('notify:missed-call')).toEqual([{ callId: 'call-3', from: 'Bob Builder' }]);
    expect(shell.getMissedCalls()).toBe(1);
    expect(b.of('tray:set-status').at(-1)).toEqual({
      registration: 'registered',
      missedCalls: 1,
      unreadMessages: 0,
    });
    b.emit('window:focused', {});
    expect(b.of('tray:set-status').at(-1)).toEqual({
      registration: 'registered',
      missedCalls: 0,
      unreadMessages: 0,
    });
    shell.setUnreadMessages(4);
    expect(b.of('tray:set-status').at(-1)).toMatchObject({ unreadMessages: 4 });
  });

  it('declines silently in do-not-disturb and counts the call as missed', () => {
    const engine = new FakeEngine();
    const b = fakeBridge();
    const shell = connectDesktopShell(engine, b.bridge);
    b.emit('dnd:changed', { enabled: true });
    engine.set({ calls: [incoming('call-4', 'incoming')] });
    expect(engine.actions).toEqual(['decline call-4']);
    expect(b.of('notify:incoming-call')).toEqual([]);
    engine.set({ calls: [incoming('call-4', 'ended', { endReason: 'declined' })] });
    expect(shell.getMissedCalls()).toBe(1);
    expect(b.of('notify:missed-call')).toEqual([]);
  });

  it('global shortcuts answer the ringing call and hang up the live one', () => {
    const engine = new FakeEngine();
    const b = fakeBridge();
    connectDesktopShell(engine, b.bridge);
    engine.set({ calls: [incoming('call-5', 'incoming')] });
    b.emit('shortcut:fired', { action: 'answer' });
    b.emit('shortcut:fired', { action: 'hangup' });
    engine.set({ calls: [incoming('call-5', 'active', { answeredAt: 2 })] });
    b.emit('shortcut:fired', { action: 'hangup' });
    b.emit('notify:action', { callId: 'call-5', action: 'decline' });
    expect(engine.actions).toEqual(['answer call-5', 'decline call-5', 'hangup call-5', 'decline call-5']);
  });

  it('dials links from first launch and later ones, once registered', async () => {
    const engine = new FakeEngine();
    const b = fakeBridge([{ scheme: 'tel', target: '+12015550123' }]);
    connectDesktopShell(engine, b.bridge);
    await flush();
    b.emit('links:dial', { scheme: 'sip', target: 'sip:carol@example.org' });
    expect(engine.actions).toEqual([]);
    engine.set({ registration: { state: 'registered' } });
    expect(engine.actions).toEqual(['call +12015550123', 'call sip:carol@example.org']);
    b.emit('links:dial', { scheme: 'callto', target: 'dave' });
    expect(engine.actions.at(-1)).toBe('call dave');
  });

  it('registers again after wake, but not in the middle of a call', async () => {
    const engine = new FakeEngine();
    const b = fakeBridge();
    const notices: string[] = [];
    connectDesktopShell(engine, b.bridge, { onNotice: (m) => notices.push(m) });
    engine.set({
      registration: { state: 'registered' },
      calls: [incoming('call-6', 'active', { answeredAt: 2 })],
    });
    b.emit('system:resumed', { reason: 'resume' });
    await flush();
    expect(engine.actions).toEqual([]);
    expect(notices).toEqual(['The computer woke up: registering again…']);
    engine.set({ calls: [incoming('call-6', 'ended', { answeredAt: 2, endReason: 'local-hangup' })] });
    await flush();
    expect(engine.actions).toEqual(['stop', 'start']);
  });

  it('dispose stops listening and clears open call notifications', () => {
    const engine = new FakeEngine();
    const b = fakeBridge();
    const shell = connectDesktopShell(engine, b.bridge);
    engine.set({ calls: [incoming('call-7', 'incoming')] });
    shell.dispose();
    expect(engine.listenerCount()).toBe(0);
    expect(b.listenerCount()).toBe(0);
    expect(b.of('notify:clear-call')).toEqual(['call-7']);
  });
});
