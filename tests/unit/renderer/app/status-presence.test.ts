import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../../../common/api-types.js';
import { shownPresence, SHOWN_LABEL } from '../../../../common/presence-types.js';
import { appReducer, initialAppState } from '../../../../renderer/src/app/app-state.js';
import { doNotDisturbText, endReasonText } from '../../../../renderer/src/app/call-text.js';
import { parsePresenceEvent } from '../../../../renderer/src/app/presence-feed.js';
import { isDoNotDisturb } from '../../../../renderer/src/engine/call-outcome.js';
import type { CallSnapshot } from '../../../../renderer/src/engine/phone-engine-contract.js';

const entry = (username: string): DirectoryEntry => ({
  username,
  displayName: username,
  aor: `sip:${username}@localhost`,
  presence: 'online',
  isContact: true,
});

describe('status and busy lamp in the client', () => {
  it('reads presence events with a status, and ignores a malformed status', () => {
    expect(
      parsePresenceEvent(
        '{"username":"bob","presence":"ringing","status":{"availability":"dnd","note":"Back at 3"}}',
      ),
    ).toEqual({ username: 'bob', presence: 'ringing', status: { availability: 'dnd', note: 'Back at 3' } });
    expect(
      parsePresenceEvent(
        '{"username":"bob","presence":"online","status":{"availability":"asleep","note":""}}',
      ),
    ).toEqual({ username: 'bob', presence: 'online' });
  });

  it('shows the busy lamp over the chosen status, and offline over everything', () => {
    const away = { availability: 'away', note: 'Lunch' } as const;
    expect(SHOWN_LABEL[shownPresence('online', away)]).toBe('Away');
    expect(SHOWN_LABEL[shownPresence('ringing', away)]).toBe('Ringing');
    expect(SHOWN_LABEL[shownPresence('on-call', away)]).toBe('On the phone');
    expect(SHOWN_LABEL[shownPresence('offline', away)]).toBe('Offline');
    expect(SHOWN_LABEL[shownPresence('online', undefined)]).toBe('Available');
  });

  it('applies status with presence to the lists, and keeps the user’s own status', () => {
    let state = appReducer(initialAppState(), { type: 'signed-in', username: 'ann', token: 't' });
    state = appReducer(state, { type: 'contacts-loaded', entries: [entry('bob')] });
    const status = { availability: 'dnd', note: 'Back at 3' } as const;
    state = appReducer(state, { type: 'presence', username: 'bob', presence: 'online', status });
    expect(state.contacts.entries[0]).toMatchObject({ presence: 'online', status });
    const same = appReducer(state, { type: 'presence', username: 'bob', presence: 'online', status });
    expect(same).toBe(state);
    state = appReducer(state, { type: 'my-status', status: { availability: 'away', note: '' } });
    expect(state.myStatus).toEqual({ availability: 'away', note: '' });
    expect(appReducer(state, { type: 'signed-out' }).myStatus).toBeUndefined();
  });

  it('recognises the service’s Do not disturb answers and says so to the caller', () => {
    expect(isDoNotDisturb(181, 'Do Not Disturb')).toBe(true);
    expect(isDoNotDisturb(480, 'Do Not Disturb')).toBe(true);
    expect(isDoNotDisturb(181, 'Call Is Being Forwarded')).toBe(false);
    expect(isDoNotDisturb(480, 'Temporarily Unavailable')).toBe(false);
    expect(doNotDisturbText('Alice')).toBe('Alice is in Do not disturb — leave a voicemail');
    const ended = {
      id: 'c1',
      direction: 'outgoing',
      peer: { uri: 'sip:alice@localhost', username: 'alice' },
      state: 'ended',
      endReason: 'unavailable',
      calleeDoNotDisturb: true,
    } as unknown as CallSnapshot;
    expect(endReasonText(ended)).toBe('alice is in Do not disturb. Try again later.');
  });
});
