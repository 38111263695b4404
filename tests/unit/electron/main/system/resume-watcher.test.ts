import { describe, expect, it } from 'vitest';
import { watchResume, type PowerMonitorApi } from '../../../../../electron/src/main/system/resume-watcher.js';

function setup(initiallyOnline = true) {
  const listeners = new Map<string, () => void>();
  const power: PowerMonitorApi = {
    on: (event, l) => listeners.set(event, l),
    removeListener: (event) => listeners.delete(event),
  };
  let online = initiallyOnline;
  let clock = 0;
  let cleared = false;
  const reasons: string[] = [];
  const watcher = watchResume({
    power,
    isOnline: () => online,
    onResume: (reason) => reasons.push(reason),
    now: () => clock,
    setInterval: () => 'timer',
    clearInterval: (h) => (cleared = h === 'timer'),
  });
  return {
    watcher,
    reasons,
    fire: (e: string) => listeners.get(e)!(),
    setOnline: (v: boolean) => (online = v),
    advance: (ms: number) => (clock += ms),
    listeners,
    cleared: () => cleared,
  };
}

describe('resume watcher', () => {
  it('reports wake and unlock, merging ones close together', () => {
    const t = setup();
    t.fire('resume');
    t.fire('unlock-screen');
    expect(t.reasons).toEqual(['resume']);
    t.advance(5000);
    t.fire('unlock-screen');
    expect(t.reasons).toEqual(['resume', 'unlock-screen']);
  });

  it('reports the network coming back, not staying up', () => {
    const t = setup(false);
    t.watcher.poll();
    expect(t.reasons).toEqual([]);
    t.setOnline(true);
    t.watcher.poll();
    t.watcher.poll();
    expect(t.reasons).toEqual(['network-online']);
  });

  it('stops listening on dispose', () => {
    const t = setup();
    t.watcher.dispose();
    expect(t.listeners.size).toBe(0);
    expect(t.cleared()).toBe(true);
  });
});
