import { describe, expect, it } from 'vitest';
import {
  createNotificationCenter,
  MAX_KEPT,
  type NotificationLike,
  type NotificationOptionsLike,
} from '../../../../../electron/src/main/notifications/notification-center.js';

class FakeNotification implements NotificationLike {
  shown = false;
  closed = false;
  private listeners = new Map<string, Array<(...args: unknown[]) => void>>();
  constructor(readonly options: NotificationOptionsLike) {}
  show(): void {
    this.shown = true;
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
  on(event: string, listener: (...args: never[]) => void): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (...args: unknown[]) => void);
    this.listeners.set(event, list);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

function setup(supportsActions: boolean) {
  const created: FakeNotification[] = [];
  const actions: string[] = [];
  let focus = 0;
  const center = createNotificationCenter({
    create: (options) => {
      const n = new FakeNotification(options);
      created.push(n);
      return n;
    },
    supportsActions,
    onCallAction: (callId, action) => actions.push(`${callId} ${action}`),
    onFocusRequest: () => focus++,
  });
  return { center, created, actions, focus: () => focus };
}

describe('incoming-call notification lifecycle', () => {
  it('shows Answer and Decline where the OS has actions, and routes them', () => {
    const t = setup(true);
    t.center.incomingCall({ callId: 'c1', from: 'Bob', address: 'sip:bob@x.org' });
    const n = t.created[0]!;
    expect(n.shown).toBe(true);
    expect(n.options).toMatchObject({
      title: 'Incoming call from Bob',
      body: 'sip:bob@x.org',
      urgency: 'critical',
      timeoutType: 'never',
      actions: [
        { type: 'button', text: 'Answer' },
        { type: 'button', text: 'Decline' },
      ],
    });
    n.emit('action', { actionIndex: 0 });
    expect(t.actions).toEqual(['c1 answer']);
    expect(t.center.openCallIds()).toEqual([]);
    n.emit('action', { actionIndex: 1 }); // a late second press does nothing
    expect(t.actions).toEqual(['c1 answer']);
  });

  it('understands the older (event, index) action signature', () => {
    const t = setup(true);
    t.center.incomingCall({ callId: 'c1', from: 'Bob' });
    t.created[0]!.emit('action', {}, 1);
    expect(t.actions).toEqual(['c1 decline']);
  });

  it('has no buttons where unsupported; a click focuses the call', () => {
    const t = setup(false);
    t.center.incomingCall({ callId: 'c2', from: 'Carol' });
    expect(t.created[0]!.options.actions).toBeUndefined();
    expect(t.created[0]!.options.body).toBe('Parley');
    t.created[0]!.emit('click');
    expect(t.actions).toEqual(['c2 focus']);
  });

  it('is closed when the call is answered elsewhere or ends, and then stays silent', () => {
    const t = setup(true);
    t.center.incomingCall({ callId: 'c3', from: 'Dan' });
    t.center.incomingCall({ callId: 'c4', from: 'Eve' });
    t.center.clearCall('c3');
    expect(t.created[0]!.closed).toBe(true);
    expect(t.created[1]!.closed).toBe(false);
    expect(t.center.openCallIds()).toEqual(['c4']);
    t.created[0]!.emit('action', { actionIndex: 0 });
    t.created[0]!.emit('click');
    expect(t.actions).toEqual([]);
    t.center.clearCall('c3'); // twice is harmless
    t.center.clearCall('never-shown');
  });

  it('a second notice for the same call replaces the first', () => {
    const t = setup(true);
    t.center.incomingCall({ callId: 'c5', from: 'Fay' });
    t.center.incomingCall({ callId: 'c5', from: 'Fay Smith' });
    expect(t.created[0]!.closed).toBe(true);
    expect(t.center.openCallIds()).toEqual(['c5']);
    t.created[0]!.emit('action', { actionIndex: 0 });
    expect(t.actions).toEqual([]);
    t.created[1]!.emit('action', { actionIndex: 0 });
    expect(t.actions).toEqual(['c5 answer']);
  });

  it('dismissing it by hand forgets it without an action', () => {
    const t = setup(true);
    t.center.incomingCall({ callId: 'c6', from: 'Gus' });
    t.created[0]!.close();
    expect(t.center.openCallIds()).toEqual([]);
    expect(t.actions).toEqual([]);
  });
});

describe('missed-call and message notifications', () => {
  it('show, focus the window on click, and are capped', () => {
    const t = setup(false);
    t.center.missedCall({ callId: 'm1', from: 'Hal' });
    t.center.message({ messageId: 'msg1', from: 'Ivy', preview: 'Call me back' });
    expect(t.created.map((n) => [n.options.title, n.options.body])).toEqual([
      ['Missed call', 'From Hal'],
      ['Message from Ivy', 'Call me back'],
    ]);
    t.created[1]!.emit('click');
    expect(t.focus()).toBe(1);
    for (let i = 0; i < MAX_KEPT + 5; i++) t.center.missedCall({ callId: `x${i}`, from: 'Spam' });
    expect(t.created.filter((n) => !n.closed)).toHaveLength(MAX_KEPT);
    t.center.clearAll();
    expect(t.created.every((n) => n.closed)).toBe(true);
  });
});
