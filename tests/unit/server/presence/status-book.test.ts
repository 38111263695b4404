import { describe, expect, it } from 'vitest';
import type { UserStatus } from '../../../../common/presence-types.js';
import { AccountError } from '../../../../server/src/accounts/account-error.js';
import { createPresenceFeed } from '../../../../server/src/presence/presence-feed.js';
import { createStatusBook, parseStatusInput } from '../../../../server/src/presence/status-book.js';
import type { StatusRepository } from '../../../../server/src/store/store.js';

function memoryRepository(): StatusRepository & { rows: Map<string, UserStatus> } {
  const rows = new Map<string, UserStatus>();
  return {
    rows,
    get: async (u) => rows.get(u),
    set: async (u, s) => {
      rows.set(u, s);
    },
    all: async () => new Map(rows),
  };
}

describe('status input', () => {
  it('accepts the four availabilities and a short one-line note', () => {
    expect(parseStatusInput({ availability: 'dnd', note: '  Back\r\nat 3 ' })).toEqual({
      availability: 'dnd',
      note: 'Back at 3',
    });
    expect(parseStatusInput({ availability: 'away' })).toEqual({ availability: 'away', note: '' });
  });

  it('refuses anything else with invalid_status', () => {
    for (const bad of [
      {},
      { availability: 'sleeping' },
      { availability: 'away', note: 3 },
      { availability: 'away', note: 'x'.repeat(81) },
    ]) {
      expect(() => parseStatusInput(bad)).toThrow(AccountError);
      try {
        parseStatusInput(bad);
      } catch (error) {
        expect((error as AccountError).code).toBe('invalid_status');
      }
    }
    expect(parseStatusInput({ availability: 'away', note: '🙂'.repeat(80) }).note).toHaveLength(160);
  });
});

describe('status book', () => {
  it('keeps statuses in the store, answers synchronously, tells listeners only on a real change', async () => {
    const repo = memoryRepository();
    repo.rows.set('carol', { availability: 'busy', note: '' });
    const book = createStatusBook({ store: repo, refreshMs: 0 });
    const changes: string[] = [];
    book.onChange((u) => changes.push(u));
    expect(book.get('carol')).toEqual({ availability: 'available', note: '' }); // not loaded yet
    await book.load();
    expect(changes).toEqual(['carol']);
    expect(book.get('carol')).toEqual({ availability: 'busy', note: '' });
    expect(book.isDoNotDisturb('alice')).toBe(false);
    await book.set('alice', { availability: 'dnd', note: 'Back at 3' });
    await book.set('alice', { availability: 'dnd', note: 'Back at 3' });
    expect(changes).toEqual(['carol', 'alice']);
    expect(book.isDoNotDisturb('alice')).toBe(true);
    expect(repo.rows.get('alice')).toEqual({ availability: 'dnd', note: 'Back at 3' });
    // Set through another instance: the next load brings it in and tells listeners.
    repo.rows.set('alice', { availability: 'available', note: '' });
    await book.load();
    expect(changes).toEqual(['carol', 'alice', 'alice']);
    expect(book.isDoNotDisturb('alice')).toBe(false);
    book.close();
  });

  it('feeds one presence event per change of what others see (SIP presence or status)', async () => {
    const book = createStatusBook({ store: memoryRepository(), refreshMs: 0 });
    let sipChanged: (u: string) => void = () => undefined;
    let presence: 'offline' | 'online' | 'ringing' | 'on-call' = 'online';
    const feed = createPresenceFeed(
      {
        presenceOf: () => presence,
        onPresenceChange: (l) => {
          sipChanged = l;
          return () => undefined;
        },
      },
      book,
    );
    const events: unknown[] = [];
    feed.subscribe((e) => events.push(e));
    sipChanged('alice');
    sipChanged('alice'); // nothing new
    await book.set('alice', { availability: 'away', note: 'Lunch' });
    presence = 'ringing';
    sipChanged('alice');
    expect(events).toEqual([
      { username: 'alice', presence: 'online', status: { availability: 'available', note: '' } },
      { username: 'alice', presence: 'online', status: { availability: 'away', note: 'Lunch' } },
      { username: 'alice', presence: 'ringing', status: { availability: 'away', note: 'Lunch' } },
    ]);
    feed.close();
    book.close();
  });
});
