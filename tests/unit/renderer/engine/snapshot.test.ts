import { describe, expect, it } from 'vitest';
import { createEngineHarness } from '../../../support/engine/engine-harness.js';

describe('phone engine snapshots', () => {
  it('are frozen, stable between changes, and replaced on change', async () => {
    const h = createEngineHarness();
    const first = h.engine.getSnapshot();
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.registration)).toBe(true);
    expect(Object.isFrozen(first.calls)).toBe(true);
    expect(h.engine.getSnapshot()).toBe(first);
    let notified = 0;
    const unsubscribe = h.engine.subscribe(() => (notified += 1));
    await h.register();
    expect(notified).toBeGreaterThan(0);
    const registered = h.engine.getSnapshot();
    expect(registered).not.toBe(first);
    expect(first.registration.state).toBe('idle'); // the old snapshot never changes

    const id = h.engine.call('bob');
    const dialing = h.engine.getSnapshot();
    expect(Object.isFrozen(dialing.calls[0])).toBe(true);
    expect(Object.isFrozen(dialing.calls[0]!.peer)).toBe(true);
    expect(() => {
      (dialing.calls[0] as { state: string }).state = 'active';
    }).toThrow(TypeError);
    h.engine.setMuted(id, true);
    expect(dialing.calls[0]!.muted).toBe(false);
    expect(h.engine.getSnapshot().calls[0]!.muted).toBe(true);

    unsubscribe();
    const before = notified;
    h.engine.setMuted(id, false);
    expect(notified).toBe(before);
  });

  it('keeps the last ended calls until dismissed, live calls first', async () => {
    const h = createEngineHarness();
    await h.register();
    const first = h.engine.call('bob');
    await h.engine.hangup(first);
    const second = h.engine.call('carol');
    expect(h.engine.getSnapshot().calls.map((c) => c.id)).toEqual([second, first]);
    h.engine.dismiss(first);
    expect(h.engine.getSnapshot().calls.map((c) => c.id)).toEqual([second]);
    h.engine.dismiss(second); // live calls are not dismissed
    expect(h.engine.getSnapshot().calls.map((c) => c.id)).toEqual([second]);
  });
});
