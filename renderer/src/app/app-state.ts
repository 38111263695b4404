/**
 * The client's whole state as one immutable value, and the pure reducer that is the only way it changes.
 * The store (app-store.ts) runs effects (HTTP, engine, events) and dispatches these actions.
 */
import type { AccountProfile, DirectoryEntry, PresenceStatus } from '../../../common/api-types.js';
import type { UserStatus } from '../../../common/presence-types.js';
import type { PhoneSnapshot } from '../engine/phone-engine-contract.js';

export type AuthState =
  | { readonly status: 'signed-out'; readonly notice?: string }
  | {
      readonly status: 'signed-in';
      readonly username: string;
      readonly token: string;
      readonly profile?: AccountProfile;
    };

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface UserList {
  readonly status: LoadStatus;
  readonly entries: readonly DirectoryEntry[];
  readonly error?: string;
}

export interface DirectoryState extends UserList {
  /** The query the entries answer (the latest one asked for while loading). */
  readonly query: string;
}

export interface AppState {
  readonly auth: AuthState;
  readonly phone: PhoneSnapshot;
  readonly contacts: UserList;
  readonly directory: DirectoryState;
  /** The signed-in user's own status (availability and note), once known. */
  readonly myStatus?: UserStatus;
  /** A short message about the last action that failed (add contact, dial…), with what to do next. */
  readonly notice?: string;
}

export type AppAction =
  | {
      readonly type: 'signed-in';
      readonly username: string;
      readonly token: string;
      readonly profile?: AccountProfile;
    }
  | { readonly type: 'signed-out'; readonly notice?: string }
  | { readonly type: 'profile'; readonly profile: AccountProfile }
  | { readonly type: 'phone'; readonly snapshot: PhoneSnapshot }
  | { readonly type: 'contacts-loading' }
  | { readonly type: 'contacts-loaded'; readonly entries: readonly DirectoryEntry[] }
  | { readonly type: 'contacts-failed'; readonly error: string }
  | { readonly type: 'contact-added'; readonly entry: DirectoryEntry }
  | { readonly type: 'contact-removed'; readonly username: string }
  | { readonly type: 'directory-loading'; readonly query: string }
  | { readonly type: 'directory-loaded'; readonly query: string; readonly entries: readonly DirectoryEntry[] }
  | { readonly type: 'directory-failed'; readonly query: string; readonly error: string }
  | {
      readonly type: 'presence';
      readonly username: string;
      readonly presence: PresenceStatus;
      readonly status?: UserStatus;
    }
  | { readonly type: 'my-status'; readonly status: UserStatus }
  | { readonly type: 'notice'; readonly notice?: string };

export const IDLE_PHONE: PhoneSnapshot = { registration: { state: 'idle' }, calls: [] };

const EMPTY_LIST: UserList = { status: 'idle', entries: [] };

export function initialAppState(auth: AuthState = { status: 'signed-out' }): AppState {
  return { auth, phone: IDLE_PHONE, contacts: EMPTY_LIST, directory: { ...EMPTY_LIST, query: '' } };
}

const byName = (a: DirectoryEntry, b: DirectoryEntry): number => a.username.localeCompare(b.username);

function mapEntries(
  entries: readonly DirectoryEntry[],
  username: string,
  change: (entry: DirectoryEntry) => DirectoryEntry,
): readonly DirectoryEntry[] {
  let changed = false;
  const next = entries.map((entry) => {
    if (entry.username !== username) return entry;
    const updated = change(entry);
    if (updated !== entry) changed = true;
    return updated;
  });
  return changed ? next : entries;
}

function withEntries<T extends UserList>(list: T, entries: readonly DirectoryEntry[]): T {
  return entries === list.entries ? list : { ...list, entries };
}

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'signed-in':
      return {
        ...initialAppState({
          status: 'signed-in',
          username: action.username,
          token: action.token,
          profile: action.profile,
        }),
      };
    case 'signed-out':
      return initialAppState({ status: 'signed-out', notice: action.notice });
    case 'profile':
      if (state.auth.status !== 'signed-in') return state;
      return { ...state, auth: { ...state.auth, profile: action.profile } };
    case 'phone':
      return action.snapshot === state.phone ? state : { ...state, phone: action.snapshot };
    case 'contacts-loading':
      return { ...state, contacts: { ...state.contacts, status: 'loading', error: undefined } };
    case 'contacts-loaded':
      return { ...state, contacts: { status: 'ready', entries: [...action.entries].sort(byName) } };
    case 'contacts-failed':
      return { ...state, contacts: { ...state.contacts, status: 'error', error: action.error } };
    case 'contact-added': {
      const entry = { ...action.entry, isContact: true };
      const others = state.contacts.entries.filter((e) => e.username !== entry.username);
      return {
        ...state,
        notice: undefined,
        contacts: { ...state.contacts, entries: [...others, entry].sort(byName) },
        directory: withEntries(
          state.directory,
          mapEntries(state.directory.entries, entry.username, (e) =>
            e.isContact ? e : { ...e, isContact: true },
          ),
        ),
      };
    }
    case 'contact-removed':
      return {
        ...state,
        notice: undefined,
        contacts: {
          ...state.contacts,
          entries: state.contacts.entries.filter((e) => e.username !== action.username),
        },
        directory: withEntries(
          state.directory,
          mapEntries(state.directory.entries, action.username, (e) =>
            e.isContact ? { ...e, isContact: false } : e,
          ),
        ),
      };
    case 'directory-loading':
      return {
        ...state,
        directory: { ...state.directory, query: action.query, status: 'loading', error: undefined },
      };
    case 'directory-loaded':
      // An answer to an older query is dropped: the latest query wins.
      if (action.query !== state.directory.query) return state;
      return { ...state, directory: { query: action.query, status: 'ready', entries: action.entries } };
    case 'directory-failed':
      if (action.query !== state.directory.query) return state;
      return { ...state, directory: { ...state.directory, status: 'error', error: action.error } };
    case 'presence': {
      const { status } = action;
      const sameStatus = (e: DirectoryEntry): boolean =>
        status === undefined ||
        (e.status?.availability === status.availability && e.status.note === status.note);
      const set = (e: DirectoryEntry): DirectoryEntry =>
        e.presence === action.presence && sameStatus(e)
          ? e
          : { ...e, presence: action.presence, ...(status ? { status } : {}) };
      const contacts = withEntries(state.contacts, mapEntries(state.contacts.entries, action.username, set));
      const directory = withEntries(
        state.directory,
        mapEntries(state.directory.entries, action.username, set),
      );
      return contacts === state.contacts && directory === state.directory
        ? state
        : { ...state, contacts, directory };
    }
    case 'my-status':
      return state.myStatus?.availability === action.status.availability &&
        state.myStatus.note === action.status.note
        ? state
        : { ...state, myStatus: action.status };
    case 'notice':
      return action.notice === state.notice ? state : { ...state, notice: action.notice };
  }
}

/** A user's display name as the contacts or directory know it (outgoing calls carry only the username). */
export function knownDisplayName(state: AppState, username: string | undefined): string | undefined {
  if (!username) return undefined;
  const entry =
    state.contacts.entries.find((e) => e.username === username) ??
    state.directory.entries.find((e) => e.username === username);
  return entry?.displayName || undefined;
}
