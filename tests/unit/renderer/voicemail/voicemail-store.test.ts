import { describe, expect, it } from 'vitest';
import {
  VoicemailSourceError,
  toVoicemailList,
  type VoicemailItem,
  type VoicemailList,
  type VoicemailSource,
} from '../../../../renderer/src/voicemail/voicemail-source.js';
import { createVoicemailStore } from '../../../../renderer/src/voicemail/voicemail-store.js';

function item(id: string, receivedAt: number, heard = false): VoicemailItem {
  return {
    id,
    caller: { displayName: `Caller ${id}`, username: `c${id}`, uri: `sip:c${id}@parley.test` },
    receivedAt,
    durationMs: 4_200,
    sizeBytes: 9_000,
    heard,
    peaks: [0.1, 0.5, 0.2],
  };
}

/** A controllable source: each list() waits for the test to answer it. */
function fakeSource(kind: VoicemailSource['kind'] = 'service') {
  const lists: Array<{ resolve: (v: VoicemailList) => void; reject: (e: unknown) => void }> = [];
  const calls: string[] = [];
  let onChange: ((hint?: { newCount: number }) => void) | undefined;
  let failNext: VoicemailSourceError | undefined;
  let watching = false;
  const source: VoicemailSource = {
    kind,
    list: () => new Promise((resolve, reject) => lists.push({ resolve, reject })),
    fetchAudio: async (id) => {
      calls.push(`audio ${id}`);
      return { data: new Blob(['OggS'], { type: 'audio/ogg' }), mimeType: 'audio/ogg' };
    },
    markHeard: async (id, heard) => {
      calls.push(`heard ${id} ${heard}`);
      if (failNext) throw failNext;
    },
    remove: async (id) => {
      calls.push(`remove ${id}`);
      if (failNext) throw failNext;
    },
    watch: (listener) => {
      onChange = listener;
      watching = true;
      return () => {
        watching = false;
      };
    },
  };
  return {
    source,
    calls,
    answer: (entries: VoicemailItem[], index = lists.length - 1) =>
      lists[index]!.resolve(toVoicemailList(entries)),
    fail: (error: unknown, index = lists.length - 1) => lists[index]!.reject(error),
    pending: () => lists.length,
    change: (hint?: { newCount: number }) => onChange?.(hint),
    failNextAction: (error: VoicemailSourceError) => (failNext = error),
    watching: () => watching,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('voicemail store', () => {
  it('loads the list newest first with the count of new ones; signed out it is empty', async () => {
    const store = createVoicemailStore();
    const fake = fakeSource();
    let notified = 0;
    store.subscribe(() => notified++);
    store.attach(fake.source);
    expect(store.getSnapshot()).toMatchObject({ source: 'service', status: 'loading', newCount: 0 });
    fake.answer([item('a', 1_000, true), item('b', 3_000), item('c', 2_000)]);
    await settle();
    const snap = store.getSnapshot();
    expect(snap.status).toBe('ready');
    expect(snap.voicemails.map((v) => v.id)).toEqual(['b', 'c', 'a']);
    expect(snap.newCount).toBe(2);
    expect(notified).toBeGreaterThan(0);
    store.attach(undefined);
    expect(store.getSnapshot()).toEqual({ status: 'idle', voicemails: [], newCount: 0 });
    expect(fake.watching()).toBe(false);
  });

  it('shows a load error with the sentence, and recovers on refresh', async () => {
    const store = createVoicemailStore();
    const fake = fakeSource();
    store.attach(fake.source);
    fake.fail(new VoicemailSourceError('network', 'Parley cannot reach the service.'));
    await settle();
    expect(store.getSnapshot()).toMatchObject({ status: 'error', error: 'Parley cannot reach the service.' });
    const again = store.refresh();
    fake.answer([item('a', 1)]);
    await again;
    expect(store.getSnapshot()).toMatchObject({ status: 'ready', newCount: 1, error: undefined });
  });

  it('a change elsewhere (SSE / poll) updates the badge at once and reloads the list', async () => {
    const store = createVoicemailStore();
    const fake = fakeSource();
    store.attach(fake.source);
    fake.answer([]);
    await settle();
    fake.change({ newCount: 1 });
    expect(store.getSnapshot().newCount).toBe(1);
    expect(fake.pending()).toBe(2);
    fake.answer([item('x', 5)]);
    await settle();
    expect(store.getSnapshot().voicemails.map((v) => v.id)).toEqual(['x']);
  });

  it('drops answers that arrive late: an older list, or a list from a previous source', async () => {
    const store = createVoicemailStore();
    const first = fakeSource();
    store.attach(first.source);
    const refresh = store.refresh(); // second list request while the first is in flight
    first.answer([item('new', 2)], 1);
    await refresh;
    first.answer([item('old', 1)], 0);
    await settle();
    expect(store.getSnapshot().voicemails.map((v) => v.id)).toEqual(['new']);

    void store.refresh(); // in flight when the user switches to the mailbox
    const second = fakeSource('imap');
    store.attach(second.source);
    second.answer([item('mail', 3)]);
    await settle();
    first.answer([item('stale', 4)]);
    await settle();
    expect(store.getSnapshot()).toMatchObject({ source: 'imap', voicemails: [{ id: 'mail' }] });
  });

  it('marks heard and deletes optimistically; a failure says so and reloads the truth', async () => {
    const store = createVoicemailStore();
    const fake = fakeSource();
    store.attach(fake.source);
    fake.answer([item('a', 1), item('b', 2)]);
    await settle();
    await store.markHeard('a');
    expect(store.getSnapshot().voicemails.find((v) => v.id === 'a')?.heard).toBe(true);
    expect(store.getSnapshot().newCount).toBe(1);
    await store.markHeard('a'); // already heard: nothing sent
    await store.remove('b');
    expect(store.getSnapshot().voicemails.map((v) => v.id)).toEqual(['a']);
    expect(store.getSnapshot().newCount).toBe(0);
    expect(fake.calls).toEqual(['heard a true', 'remove b']);

    fake.failNextAction(new VoicemailSourceError('voicemail_not_found', 'No such voicemail.'));
    const removing = store.remove('a');
    await settle();
    expect(store.getSnapshot().voicemails).toEqual([]);
    fake.answer([item('a', 1, true)]);
    await removing;
    expect(store.getSnapshot()).toMatchObject({
      notice: 'Could not delete the voicemail: No such voicemail.',
      voicemails: [{ id: 'a' }],
    });
    store.clearNotice();
    expect(store.getSnapshot().notice).toBeUndefined();
  });

  it('fetches each recording once, and a 401 asks the app to sign out', async () => {
    let signedOut = 0;
    const store = createVoicemailStore({ onUnauthorized: () => signedOut++ });
    const fake = fakeSource();
    store.attach(fake.source);
    const [x, y] = await Promise.all([store.loadAudio('a'), store.loadAudio('a')]);
    expect(x).toBe(y);
    expect(fake.calls).toEqual(['audio a']);
    fake.fail(new VoicemailSourceError('unauthorized', 'Your session has ended. Sign in again.'));
    await settle();
    expect(signedOut).toBe(1);
    store.attach(undefined);
    await expect(store.loadAudio('a')).rejects.toThrow('signed out');
  });
});
