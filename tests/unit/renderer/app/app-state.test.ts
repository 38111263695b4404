import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../../../common/api-types.js';
import { appReducer, initialAppState } from '../../../../renderer/src/app/app-state.js';
import type { AppState } from '../../../../renderer/src/app/app-state.js';

const entry = (username: string, extra: Partial<DirectoryEntry> = {}): DirectoryEntry => ({
  username,
  displayName: username.toUpperCase(),
  aor: `sip:${username}@localhost`,
  presence: 'offline',
  isContact: false,
  ...extra,
});

function signedIn(): AppState {
  return appReducer(initialAppState(), { type: 'signed-in', username: 'ann', token: 't' });
}

describe('appReducer', () => {
  it('signs in with empty lists and signs out with a notice', () => {
    const state = signedIn();
    expect(state.auth).toEqual({ status: 'signed-in', username: 'ann', token: 't', profile: undefined });
    const out = appReducer(state, { type: 'signed-out', notice: 'Your session has ended. Sign in again.' });
    expect(out.auth).toEqual({ status: 'signed-out', notice: 'Your session has ended. Sign in again.' });
    expect(out.phone.registration.state).toBe('idle');
  });

  it('applies presence to contacts and directory entries', () => {
    let state = signedIn();
    state = appReducer(state, { type: 'contacts-loaded', entries: [entry('bob', { isContact: true })] });
    state = appReducer(state, { type: 'directory-loading', query: '' });
    state = appReducer(state, { type: 'directory-loaded', query: '', entries: [entry('bob'), entry('cat')] });
    state = appReducer(state, { type: 'presence', username: 'bob', presence: 'on-call' });
    expect(state.contacts.entries[0]!.presence).toBe('on-call');
    expect(state.directory.entries.map((e) => e.presence)).toEqual(['on-call', 'offline']);
  });

  it('keeps the same lists when presence changes nobody shown', () => {
    let state = signedIn();
    state = appReducer(state, { type: 'contacts-loaded', entries: [entry('bob')] });
    const next = appReducer(state, { type: 'presence', username: 'zed', presence: 'online' });
    expect(next).toBe(state);
  });

  it('adding a contact lists it (sorted) and marks it in the directory; removing undoes both', () => {
    let state = signedIn();
    state = appReducer(state, { type: 'contacts-loaded', entries: [entry('dan', { isContact: true })] });
    state = appReducer(state, { type: 'directory-loading', query: 'b' });
    state = appReducer(state, { type: 'directory-loaded', query: 'b', entries: [entry('bob')] });
    state = appReducer(state, { type: 'contact-added', entry: entry('bob', { presence: 'online' }) });
    expect(state.contacts.entries.map((e) => e.username)).toEqual(['bob', 'dan']);
    expect(state.contacts.entries[0]!.isContact).toBe(true);
    expect(state.directory.entries[0]!.isContact).toBe(true);
    state = appReducer(state, { type: 'contact-removed', username: 'bob' });
    expect(state.contacts.entries.map((e) => e.username)).toEqual(['dan']);
    expect(state.directory.entries[0]!.isContact).toBe(false);
  });

  it('drops directory answers for an older query', () => {
    let state = signedIn();
    state = appReducer(state, { type: 'directory-loading', query: 'a' });
    state = appReducer(state, { type: 'directory-loading', query: 'ab' });
    const stale = appReducer(state, { type: 'directory-loaded', query: 'a', entries: [entry('amy')] });
    expect(stale).toBe(state);
    const fresh = appReducer(state, { type: 'directory-loaded', query: 'ab', entries: [entry('abe')] });
    expect(fresh.directory).toMatchObject({ status: 'ready', query: 'ab' });
  });
});
