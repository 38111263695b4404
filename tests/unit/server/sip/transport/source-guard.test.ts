import { describe, expect, it } from 'vitest';
import { SourceGuard } from '../../../../../server/src/sip/transport/source-guard.js';

const limits = {
  maxConnectionsPerSource: 2,
  maxMessagesPerSecond: 5,
  maxUnauthenticatedPerSecond: 3,
  banSeconds: 10,
};

describe('SourceGuard (pike-style per-source limits)', () => {
  it('bans a source over its message rate for banSeconds; others are untouched', () => {
    let now = 0;
    const bans: string[] = [];
    const guard = new SourceGuard({ limits, now: () => now, onBan: (a, why) => bans.push(`${a} ${why}`) });
    for (let i = 0; i < 5; i++) expect(guard.admitMessage('10.0.0.1')).toBe(true);
    expect(guard.admitMessage('10.0.0.1')).toBe(false);
    expect(bans).toEqual(['10.0.0.1 too many messages per second']);
    expect(guard.admitMessage('10.0.0.2')).toBe(true);
    expect(guard.admitConnection('10.0.0.1')).toBe(false);
    now = 9_999;
    expect(guard.isBanned('10.0.0.1')).toBe(true);
    now = 10_001;
    expect(guard.isBanned('10.0.0.1')).toBe(false);
    expect(guard.admitMessage('10.0.0.1')).toBe(true);
  });

  it('counts in one-second windows: a steady rate under the limit is never banned', () => {
    let now = 0;
    const guard = new SourceGuard({ limits, now: () => now });
    for (let s = 0; s < 20; s++) {
      for (let i = 0; i < 5; i++) expect(guard.admitMessage('10.0.0.1')).toBe(true);
      now += 1000;
    }
    expect(guard.banned()).toEqual([]);
  });

  it('bans on unauthenticated requests per second', () => {
    const guard = new SourceGuard({ limits, now: () => 0 });
    for (let i = 0; i < 3; i++) guard.unauthenticated('10.0.0.3');
    expect(guard.isBanned('10.0.0.3')).toBe(false);
    guard.unauthenticated('10.0.0.3');
    expect(guard.banned()).toEqual(['10.0.0.3']);
  });

  it('caps connections per source and frees a slot when one closes', () => {
    const guard = new SourceGuard({ limits, now: () => 0 });
    for (let i = 0; i < 2; i++) {
      expect(guard.admitConnection('10.0.0.4')).toBe(true);
      guard.connectionOpened('10.0.0.4');
    }
    expect(guard.admitConnection('10.0.0.4')).toBe(false);
    guard.connectionClosed('10.0.0.4');
    expect(guard.admitConnection('10.0.0.4')).toBe(true);
  });
});
