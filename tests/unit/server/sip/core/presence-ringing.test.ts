import { describe, expect, it } from 'vitest';
import { PresenceTracker } from '../../../../../server/src/sip/core/presence/presence-tracker.js';

describe('busy lamp in the SIP room’s presence', () => {
  it('shows a callee ringing while an INVITE rings, on-call once answered, online after', () => {
    const tracker = new PresenceTracker(() => 1);
    const changes: string[] = [];
    tracker.onChange((u) => changes.push(u));
    tracker.ringStarted('st1', 'Bob');
    expect(tracker.presenceOf('bob')).toBe('ringing');
    tracker.dialogConfirmed('c1', 'a', 'b', ['alice', 'bob'], ['f1', 'f2']);
    tracker.ringEnded('st1');
    expect(tracker.presenceOf('bob')).toBe('on-call');
    tracker.dialogEnded('c1', 'b', 'a');
    expect(tracker.presenceOf('bob')).toBe('online');
    tracker.ringEnded('st1'); // twice: nothing
    expect(changes).toEqual(['bob', 'alice', 'bob', 'bob', 'alice', 'bob']);
  });
});
