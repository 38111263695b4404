import { describe, expect, it } from 'vitest';
import { createSharedEventSources } from '../../../../renderer/src/app/shared-event-source.js';

class FakeSource {
  readonly listeners = new Map<string, Set<(event: MessageEvent) => void>>();
  closed = false;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }
  removeEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data: string): void {
    for (const l of this.listeners.get(type) ?? []) l({ data } as MessageEvent);
  }
}

describe('shared event sources', () => {
  it('opens one source per URL for every reader, and closes it with the last one', () => {
    const opened: FakeSource[] = [];
    const open = createSharedEventSources(() => {
      const s = new FakeSource();
      opened.push(s);
      return s;
    });
    const seen: string[] = [];
    const one = open('/api/events?token=t');
    const two = open('/api/events?token=t');
    one.addEventListener('voicemail', (e) => seen.push(`vm ${String(e.data)}`));
    two.addEventListener('calls', (e) => seen.push(`calls ${String(e.data)}`));
    expect(opened).toHaveLength(1);
    opened[0]!.emit('calls', '1');
    opened[0]!.emit('voicemail', '2');
    expect(seen).toEqual(['calls 1', 'vm 2']);
    one.close();
    opened[0]!.emit('voicemail', '3');
    expect(seen).toHaveLength(2);
    expect(opened[0]!.closed).toBe(false);
    two.close();
    two.close();
    expect(opened[0]!.closed).toBe(true);
    open('/api/events?token=t');
    expect(opened).toHaveLength(2);
  });
});
