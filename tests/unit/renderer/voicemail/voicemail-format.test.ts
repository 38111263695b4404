import { describe, expect, it } from 'vitest';
import {
  badgeText,
  callerName,
  formatLength,
  formatReceived,
  resamplePeaks,
  rowSummary,
  spokenLength,
  voicemailTabLabel,
} from '../../../../renderer/src/voicemail/voicemail-format.js';
import { createLocaleStore, installLocaleStore } from '../../../../renderer/src/i18n/i18n.js';

// Dates and times in British English (the sentences are the English catalogue's).
installLocaleStore(createLocaleStore({ preferred: ['en-GB'] }));

describe('voicemail formatting', () => {
  it('names the caller by display name, username, or the URI user part', () => {
    expect(callerName({ caller: { displayName: ' Alice ', username: 'alice', uri: 'sip:alice@x' } })).toBe(
      'Alice',
    );
    expect(callerName({ caller: { displayName: '', username: 'bob', uri: 'sip:bob@x' } })).toBe('bob');
    expect(callerName({ caller: { displayName: '', uri: 'sip:%2B4930123@gw.example;user=phone' } })).toBe(
      '+4930123',
    );
    expect(callerName({ caller: { displayName: '', uri: '' } })).toBe('Unknown caller');
  });

  it('formats lengths as m:ss, and for screen readers in words', () => {
    expect(formatLength(0)).toBe('0:00');
    expect(formatLength(300)).toBe('0:01');
    expect(formatLength(42_400)).toBe('0:42');
    expect(formatLength(65_000)).toBe('1:05');
    expect(formatLength(3_725_000)).toBe('1:02:05');
    expect(formatLength(Number.NaN)).toBe('0:00');
    expect(spokenLength(1_000)).toBe('1 second');
    expect(spokenLength(42_000)).toBe('42 seconds');
    expect(spokenLength(60_000)).toBe('1 minute');
    expect(spokenLength(125_000)).toBe('2 minutes 5 seconds');
  });

  it('says when: just now, today, yesterday, a date', () => {
    const now = new Date(2026, 2, 10, 15, 0).getTime();
    expect(formatReceived(now - 10_000, now)).toBe('Just now');
    expect(formatReceived(new Date(2026, 2, 10, 9, 5).getTime(), now)).toBe('Today 09:05');
    expect(formatReceived(new Date(2026, 2, 9, 22, 30).getTime(), now)).toBe('Yesterday 22:30');
    expect(formatReceived(new Date(2026, 0, 5, 8, 0).getTime(), now)).toMatch(/5 Jan.* 08:00$/);
    expect(formatReceived(new Date(2024, 0, 5, 8, 0).getTime(), now)).toMatch(/5 Jan 2024.* 08:00$/);
  });

  it('labels the badge for people and screen readers', () => {
    expect(voicemailTabLabel(0)).toBe('Voicemail');
    expect(voicemailTabLabel(2)).toBe('Voicemail, 2 new');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(120)).toBe('99+');
    const now = new Date(2026, 2, 10, 15, 0).getTime();
    expect(
      rowSummary(
        {
          id: '1',
          caller: { displayName: 'Alice', uri: 'sip:alice@x' },
          receivedAt: now - 5_000,
          durationMs: 42_000,
          sizeBytes: 1,
          heard: false,
          peaks: [],
        },
        now,
      ),
    ).toBe('New voicemail from Alice, 42 seconds, Just now');
  });

  it('resamples peaks to the bars drawn (max per bucket, clamped), flat when none', () => {
    expect(resamplePeaks([0.1, 0.9, 0.3, 0.2], 2)).toEqual([0.9, 0.3]);
    expect(resamplePeaks([0.5], 3)).toEqual([0.5, 0.5, 0.5]);
    expect(resamplePeaks([2, -1, Number.NaN], 3)).toEqual([1, 0, 0]);
    expect(resamplePeaks([], 4)).toEqual([0.06, 0.06, 0.06, 0.06]);
    expect(
      resamplePeaks(
        Array.from({ length: 64 }, (_, i) => i / 63),
        48,
      ),
    ).toHaveLength(48);
  });
});
