import { describe, expect, it } from 'vitest';
import {
  callStateText,
  callsToShow,
  endReasonText,
  formatDuration,
  isProblemEnd,
  peerHandle,
  peerName,
  registrationText,
  spokenCallState,
} from '../../../../renderer/src/app/call-text.js';
import type { CallEndReason, CallSnapshot } from '../../../../renderer/src/engine/phone-engine-contract.js';

const base: CallSnapshot = {
  id: 'c1',
  direction: 'outgoing',
  peer: { username: 'bob', uri: 'sip:bob@localhost', displayName: 'Bob Builder' },
  state: 'dialing',
  muted: false,
  held: false,
  holdPending: false,
  remoteHeld: false,
  createdAt: 1_000,
};
const ended = (endReason: CallEndReason | undefined, extra: Partial<CallSnapshot> = {}): CallSnapshot => ({
  ...base,
  state: 'ended',
  endedAt: 5_000,
  endReason,
  ...extra,
});

describe('formatDuration', () => {
  it('shows minutes and seconds, padded', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(999)).toBe('00:00');
    expect(formatDuration(42_000)).toBe('00:42');
    expect(formatDuration(62_500)).toBe('01:02');
    expect(formatDuration(59 * 60_000 + 59_000)).toBe('59:59');
  });
  it('adds hours when a call runs that long', () => {
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });
  it('treats negative and invalid values as zero', () => {
    expect(formatDuration(-5_000)).toBe('00:00');
    expect(formatDuration(Number.NaN)).toBe('00:00');
  });
});

describe('peer names', () => {
  it('prefers the display name, then the username, then the URI user part', () => {
    expect(peerName(base.peer)).toBe('Bob Builder');
    expect(peerName({ username: 'bob', uri: 'sip:bob@localhost', displayName: '  ' })).toBe('bob');
    expect(peerHandle({ uri: 'sip:carol@example.org;transport=ws' })).toBe('carol');
  });
});

describe('callStateText', () => {
  it('names each live state', () => {
    expect(callStateText(base, 0)).toBe('Calling…');
    expect(callStateText({ ...base, state: 'ringing' }, 0)).toBe('Ringing…');
    expect(callStateText({ ...base, state: 'connecting' }, 0)).toBe('Connecting…');
    expect(callStateText({ ...base, state: 'incoming', direction: 'incoming' }, 0)).toBe(
      'Bob Builder is calling',
    );
  });
  it('times an active call from the answer', () => {
    expect(callStateText({ ...base, state: 'active', answeredAt: 10_000 }, 52_000)).toBe('In call 00:42');
  });
  it('says why an ended call ended', () => {
    expect(callStateText(ended('unavailable'), 0)).toBe('Call ended: bob is offline. Try again later.');
  });
});

describe('endReasonText', () => {
  it('uses the exact sentences of the spec', () => {
    expect(endReasonText(ended('not-found'))).toBe('There is no Parley user called bob. Check the username.');
    expect(endReasonText(ended('unavailable'))).toBe('bob is offline. Try again later.');
    expect(endReasonText(ended('answered-elsewhere', { direction: 'incoming' }))).toBe(
      'Answered on another device.',
    );
    expect(endReasonText(ended('media-failed'))).toBe(
      'Parley cannot use your microphone. Allow microphone access in your browser settings and try again.',
    );
  });
  it('words declined, busy and no-answer from the caller side', () => {
    expect(endReasonText(ended('declined'))).toBe('bob declined the call.');
    expect(endReasonText(ended('busy'))).toMatch(/^bob is busy.*Try again later\.$/);
    expect(endReasonText(ended('no-answer'))).toBe('bob did not answer. Try again later.');
  });
  it('words incoming endings from the callee side', () => {
    expect(endReasonText(ended('declined', { direction: 'incoming' }))).toBe('You declined the call.');
    expect(endReasonText(ended('cancelled', { direction: 'incoming' }))).toBe('Missed call from bob.');
  });
  it('names who hung up', () => {
    expect(endReasonText(ended('local-hangup'))).toBe('You hung up.');
    expect(endReasonText(ended('remote-hangup'))).toBe('bob hung up.');
  });
  it('gives the SIP status for unknown failures and says what to do', () => {
    expect(endReasonText(ended('failed', { endStatus: { code: 503, reason: 'Service Unavailable' } }))).toBe(
      'The call could not be completed (503 Service Unavailable). Check your connection and try again.',
    );
    expect(endReasonText(ended(undefined))).toMatch(/try again\.$/);
  });
});

describe('registrationText', () => {
  it('tells what to do when registration failed', () => {
    const text = registrationText({ state: 'failed', error: 'Wrong username or password' });
    expect(text.tone).toBe('problem');
    expect(text.hint).toBe('Wrong username or password. Check your connection, then choose Reconnect.');
  });
  it('is calm when registered', () => {
    expect(registrationText({ state: 'registered' })).toEqual({ label: 'Ready for calls', tone: 'ok' });
    expect(registrationText({ state: 'connecting' }).label).toBe('Connecting…');
  });
});

describe('callsToShow', () => {
  it('shows ringing calls apart from the main call', () => {
    const active = { ...base, id: 'a', state: 'active' as const };
    const incoming = { ...base, id: 'b', state: 'incoming' as const, direction: 'incoming' as const };
    expect(callsToShow({ registration: { state: 'registered' }, calls: [active, incoming] })).toEqual({
      ringing: [incoming],
      main: active,
      others: [],
    });
  });
  it('puts the call nobody holds in front and the others (on hold) beside it', () => {
    const held = { ...base, id: 'h', state: 'active' as const, held: true };
    const talking = { ...base, id: 't', state: 'active' as const };
    expect(callsToShow({ registration: { state: 'registered' }, calls: [held, talking] })).toMatchObject({
      main: { id: 't' },
      others: [{ id: 'h' }],
    });
    // Being transferred: the call the other side holds stays behind the new one being set up.
    const heldByThem = { ...base, id: 'r', state: 'active' as const, remoteHeld: true };
    const dialing = { ...base, id: 'd', state: 'dialing' as const };
    expect(
      callsToShow({ registration: { state: 'registered' }, calls: [heldByThem, dialing] }),
    ).toMatchObject({
      main: { id: 'd' },
      others: [{ id: 'r' }],
    });
  });
  it('falls back to the most recent ended call', () => {
    const older = ended('declined', { id: 'x', endedAt: 1 });
    const newer = ended('busy', { id: 'y', endedAt: 2 });
    expect(callsToShow({ registration: { state: 'registered' }, calls: [older, newer] }).main?.id).toBe('y');
    expect(callsToShow({ registration: { state: 'registered' }, calls: [] }).main).toBeUndefined();
  });
});

describe('isProblemEnd', () => {
  it('declining a call yourself is not a problem; being declined, offline or a failure is', () => {
    expect(isProblemEnd(ended('declined', { direction: 'incoming' }))).toBe(false);
    expect(isProblemEnd(ended('declined'))).toBe(true);
    expect(isProblemEnd(ended('unavailable'))).toBe(true);
    expect(isProblemEnd(ended(undefined))).toBe(true);
    expect(isProblemEnd(ended('local-hangup'))).toBe(false);
    expect(isProblemEnd(ended('remote-hangup'))).toBe(false);
  });
});

describe('spokenCallState', () => {
  it('says the state without the ticking timer, and why a call ended', () => {
    expect(spokenCallState({ ...base, state: 'ringing' })).toBe('Ringing…');
    expect(spokenCallState({ ...base, state: 'active', answeredAt: 2_000 })).toBe('In call');
    expect(spokenCallState(ended('remote-hangup'))).toBe('Call ended. bob hung up.');
    expect(spokenCallState({ ...base, direction: 'incoming', state: 'incoming' })).toBe('');
  });
});
