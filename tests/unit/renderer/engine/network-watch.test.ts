import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../../common/logger.js';
import type { NetworkChange } from '../../../../renderer/src/engine/network-watch.js';
import { NetworkWatch } from '../../../../renderer/src/engine/network-watch.js';

/** A fake RTCPeerConnection: only what the watch reads. */
function fakePeer(state = 'connected') {
  const listeners = new Set<() => void>();
  return {
    iceConnectionState: state,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    set(next: string) {
      this.iceConnectionState = next;
      for (const l of listeners) l();
    },
  };
}

function setUp() {
  let emit: (change: NetworkChange) => void = () => undefined;
  const seen = { reconnectNow: 0, restarts: 0, reconnecting: [] as boolean[] };
  const watch = new NetworkWatch({
    signals: {
      subscribe(listener) {
        emit = listener;
        return () => undefined;
      },
    },
    reconnectNow: () => seen.reconnectNow++,
    logger: silentLogger,
  });
  const pc = fakePeer();
  watch.track(
    'call-1',
    { peerConnection: pc },
    {
      restart: () => {
        seen.restarts++;
        return Promise.resolve({ ok: true });
      },
      onReconnecting: (on) => seen.reconnecting.push(on),
      onGiveUp: () => undefined,
    },
  );
  return { watch, seen, pc, emit: (c: NetworkChange) => emit(c) };
}

describe('NetworkWatch (issue 13 item 10)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('offline: the call shows reconnecting and nothing is sent; online: reconnect now and restart ICE', async () => {
    const { watch, seen, emit } = setUp();
    watch.registrationChanged('registered');
    emit('offline');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.reconnecting).toEqual([true]);
    expect(seen.restarts).toBe(0);
    emit('online');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.reconnectNow).toBe(1);
    expect(seen.restarts).toBe(1);
    expect(seen.reconnecting).toEqual([true, false]); // ICE was connected all along
  });

  it('a dropped connection owes a restart that goes out once registered again', async () => {
    const { watch, seen, pc } = setUp();
    watch.registrationChanged('registered');
    watch.registrationChanged('connecting');
    pc.set('disconnected');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen.restarts).toBe(0);
    watch.registrationChanged('registered');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.restarts).toBe(1);
    expect(seen.reconnecting).toEqual([true]);
    pc.set('connected');
    expect(seen.reconnecting).toEqual([true, false]);
  });

  it('an ended call is no longer restarted', async () => {
    const { watch, seen, emit } = setUp();
    watch.registrationChanged('registered');
    watch.untrack('call-1');
    emit('changed');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.restarts).toBe(0);
  });
});
