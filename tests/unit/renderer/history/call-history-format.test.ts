import { describe, expect, it } from 'vitest';
import type { CallHistoryEntry } from '../../../../common/call-history-types.js';
import {
  callBackTarget,
  callKind,
  deviceText,
  formatCost,
  formatDuration,
  historyButtonLabel,
  peerName,
  relativeTime,
  rowSummary,
} from '../../../../renderer/src/history/call-history-format.js';
import { createLocaleStore, installLocaleStore } from '../../../../renderer/src/i18n/i18n.js';

// Dates and times in British English (the sentences are the English catalogue's).
installLocaleStore(createLocaleStore({ preferred: ['en-GB'] }));

const NOW = Date.parse('2026-03-10T15:00:00');
const base: CallHistoryEntry = {
  id: 'x',
  callId: 'c',
  direction: 'outgoing',
  outcome: 'answered',
  peer: { uri: 'sip:bob@parley.test', username: 'bob', displayName: 'Bob Builder' },
  startedAt: new Date(NOW - 5 * 60_000).toISOString(),
  durationSeconds: 65,
  device: 'Parley web (Chrome on Linux)',
  answeredBy: 'bob',
  answeredOn: 'Bob laptop',
};

describe('call history format', () => {
  it('names the header button with the missed count', () => {
    expect(historyButtonLabel(0)).toBe('Call history');
    expect(historyButtonLabel(2)).toBe('Call history, 2 missed');
  });

  it('reads times relative to now', () => {
    const ago = (ms: number): string => new Date(NOW - ms).toISOString();
    expect(relativeTime(ago(10_000), NOW)).toBe('Just now');
    expect(relativeTime(ago(5 * 60_000), NOW)).toBe('5 min ago');
    expect(relativeTime(ago(2 * 3_600_000), NOW)).toBe('2 h ago');
    expect(relativeTime(ago(24 * 3_600_000), NOW)).toBe('Yesterday 15:00');
    expect(relativeTime('garbage', NOW)).toBe('');
  });

  it('formats lengths, kinds, devices, peers and costs', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(callKind(base)).toBe('Outgoing');
    expect(callKind({ direction: 'missed', outcome: 'cancelled' })).toBe('Missed');
    expect(callKind({ direction: 'missed', outcome: 'voicemail' })).toBe('Missed · Voicemail');
    expect(callKind({ direction: 'outgoing', outcome: 'no-answer' })).toBe('Outgoing · No answer');
    expect(deviceText(base)).toBe('From Parley web (Chrome on Linux), answered on Bob laptop');
    expect(deviceText({ ...base, answeredBy: 'voicemail' })).toBe(
      'From Parley web (Chrome on Linux), answered by voicemail',
    );
    expect(deviceText({ ...base, direction: 'incoming', device: 'Desk' })).toBe('Answered on Desk');
    expect(deviceText({ ...base, direction: 'missed', outcome: 'voicemail' })).toBe('Went to voicemail');
    expect(peerName(base)).toBe('Bob Builder');
    expect(peerName({ peer: { uri: 'sip:+4930123@parley.test' } })).toBe('+4930123');
    expect(callBackTarget(base)).toBe('bob');
    expect(callBackTarget({ peer: { uri: 'sip:+4930123@parley.test' } })).toBe('sip:+4930123@parley.test');
    expect(formatCost({ amount: '0.12', currency: 'EUR' })).toBe('€0.12');
    expect(formatCost({ amount: 'n/a', currency: 'EUR' })).toBe('n/a EUR');
    expect(rowSummary(base, NOW)).toBe('Outgoing call to Bob Builder, 1 minute 5 seconds, 5 min ago');
  });
});
