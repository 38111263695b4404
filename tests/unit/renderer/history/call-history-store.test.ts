import { describe, expect, it } from 'vitest';
import type {
  CallHistoryChange,
  CallHistoryEntry,
  CallHistoryPage,
} from '../../../../common/call-history-types.js';
import { ApiError } from '../../../../renderer/src/app/api-error.js';
import {
  parseCallsEvent,
  type CallHistoryClient,
} from '../../../../renderer/src/history/call-history-client.js';
import { createCallHistoryStore } from '../../../../renderer/src/history/call-history-store.js';

const entry = (id: string, direction: CallHistoryEntry['direction'] = 'missed'): CallHistoryEntry => ({
  id,
  callId: `c-${id}`,
  direction,
  outcome: direction === 'missed' ? 'cancelled' : 'answered',
  peer: { uri: 'sip:alice@x', username: 'alice' },
  startedAt: '2026-01-01T10:00:00.000Z',
});

/** A fake service: pages over `rows`, records calls, lets the test push `calls` events. */
function fakeClient(rows: CallHistoryEntry[], missed = 0) {
  const calls: string[] = [];
  let push: ((change?: CallHistoryChange) => void) | undefined;
  let failNext: Error | undefined;
  const client: CallHistoryClient = {
    async page(before) {
      calls.push(`page ${before ?? ''}`);
      const start = before ? Number(before) : 0;
      const entries = rows.slice(start, start + 2);
      const page: CallHistoryPage = {
        entries,
        missedUnseen: missed,
        ...(start + 2 < rows.length ? { nextCursor: String(start + 2) } : {}),
      };
      return page;
    },
    async remove(id) {
      calls.push(`remove ${id}`);
      if (failNext) throw failNext;
      rows = rows.filter((r) => r.id !== id);
    },
    async clear() {
      calls.push('clear');
      rows = [];
    },
    async markSeen() {
      calls.push('seen');
      missed = 0;
      return { missedUnseen: 0 };
    },
    watch(onChange) {
      push = onChange;
      return () => (push = undefined);
    },
  };
  return {
    client,
    calls,
    push: (change?: CallHistoryChange) => push?.(change),
    add(e: CallHistoryEntry) {
      rows = [e, ...rows];
      if (e.direction === 'missed') missed += 1;
    },
    fail(error: Error) {
      failNext = error;
    },
    get missed() {
      return missed;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('call history store', () => {
  it('loads the first page and the badge, pages on, and follows live changes', async () => {
    const service = fakeClient([entry('a'), entry('b', 'incoming'), entry('c', 'outgoing')], 1);
    const store = createCallHistoryStore();
    store.attach(service.client);
    expect(store.getSnapshot().status).toBe('loading');
    await settle();
    expect(store.getSnapshot()).toMatchObject({ status: 'ready', missedUnseen: 1, hasMore: true });
    expect(store.getSnapshot().entries.map((e) => e.id)).toEqual(['a', 'b']);
    await store.loadMore();
    expect(store.getSnapshot().entries.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(store.getSnapshot().hasMore).toBe(false);

    service.add(entry('d'));
    service.push({ reason: 'added', id: 'd', missedUnseen: 2 });
    expect(store.getSnapshot().missedUnseen).toBe(2); // the badge at once, the list after a refresh
    await settle();
    expect(store.getSnapshot().entries[0]?.id).toBe('d');
    // Another device opened the history: the badge clears here too, without a reload.
    service.push({ reason: 'seen', missedUnseen: 0 });
    expect(store.getSnapshot().missedUnseen).toBe(0);
  });

  it('opening marks seen; while open, new missed calls do not raise the badge', async () => {
    const service = fakeClient([entry('a')], 1);
    const store = createCallHistoryStore();
    store.attach(service.client);
    await settle();
    await store.open();
    expect(service.calls).toContain('seen');
    expect(store.getSnapshot()).toMatchObject({ viewing: true, missedUnseen: 0 });
    service.add(entry('b'));
    service.push({ reason: 'added', id: 'b', missedUnseen: 1 });
    await settle();
    await settle();
    expect(store.getSnapshot().missedUnseen).toBe(0);
    expect(service.missed).toBe(0);
    store.close();
    expect(store.getSnapshot().viewing).toBe(false);
  });

  it('delete and clear are optimistic and roll back with a notice when the service refuses', async () => {
    const service = fakeClient([entry('a'), entry('b')]);
    const store = createCallHistoryStore();
    store.attach(service.client);
    await settle();
    service.fail(new ApiError('server_error', 'Parley had a problem.', 500));
    await store.remove('a');
    expect(store.getSnapshot().entries.map((e) => e.id)).toEqual(['a', 'b']);
    expect(store.getSnapshot().notice).toMatch(/could not be deleted/);
    store.clearNotice();
    expect(store.getSnapshot().notice).toBeUndefined();
    await store.clear();
    expect(store.getSnapshot().entries).toEqual([]);
    expect(service.calls).toContain('clear');
  });

  it('a 401 signs out; signing out empties the snapshot and stops listening', async () => {
    let unauthorized = 0;
    const service = fakeClient([entry('a')]);
    service.client.page = async () => {
      throw new ApiError('unauthorized', 'Your session has ended. Sign in again.', 401);
    };
    const store = createCallHistoryStore({ onUnauthorized: () => unauthorized++ });
    store.attach(service.client);
    await settle();
    expect(store.getSnapshot().status).toBe('error');
    expect(unauthorized).toBe(1);
    store.attach(undefined);
    expect(store.getSnapshot()).toMatchObject({ status: 'signed-out', entries: [], missedUnseen: 0 });
  });

  it('accepts only well-formed `calls` events', () => {
    expect(parseCallsEvent('{"reason":"added","missedUnseen":2,"id":"x"}')).toEqual({
      reason: 'added',
      missedUnseen: 2,
      id: 'x',
    });
    expect(parseCallsEvent('{"reason":"added","missedUnseen":-1}')).toBeUndefined();
    expect(parseCallsEvent('not json')).toBeUndefined();
    expect(parseCallsEvent(42)).toBeUndefined();
  });
});
