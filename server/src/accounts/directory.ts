/**
 * The user directory and personal contact lists, each entry with live presence from the SIP room.
 */
import type { DirectoryEntry, PresenceStatus } from '../../../common/api-types.js';
import { normalizeUsername, RESERVED_USERNAMES } from '../../../common/username-rules.js';
import type { AccountRecord, ParleyStore } from '../store/store.js';
import { AccountError } from './account-error.js';

export const DIRECTORY_LIMIT = 50;

export interface DirectoryOptions {
  readonly store: ParleyStore;
  readonly domain: string;
  readonly presenceOf: (username: string) => PresenceStatus;
  readonly now?: () => number;
}

export interface Directory {
  /** Users whose username or display name contains `query` (case-insensitive), not the caller; ≤ 50. */
  search(caller: string, query: string): DirectoryEntry[];
  listContacts(caller: string): DirectoryEntry[];
  /** @throws AccountError `not_found` (`user_not_found`) or `invalid` (`contact_self`). */
  addContact(caller: string, username: string): DirectoryEntry;
  /** Idempotent. @throws AccountError `not_found` (`user_not_found`) when no such user exists. */
  removeContact(caller: string, username: string): void;
}

export function createDirectory(options: DirectoryOptions): Directory {
  const { store, domain, presenceOf } = options;
  const now = options.now ?? Date.now;
  const entry = (a: AccountRecord, isContact: boolean): DirectoryEntry => ({
    username: a.username,
    displayName: a.displayName,
    aor: `sip:${a.username}@${domain}`,
    presence: presenceOf(a.username),
    isContact,
  });

  return {
    search(caller, query) {
      const contacts = store.contactUsernames(caller);
      // The service's own agents (voicemail, echo…) have accounts under reserved names; people are not
      // looking for them in the directory.
      return store
        .searchAccounts(query.trim().slice(0, 128), caller, DIRECTORY_LIMIT + RESERVED_USERNAMES.size)
        .filter((a) => !RESERVED_USERNAMES.has(a.username))
        .slice(0, DIRECTORY_LIMIT)
        .map((a) => entry(a, contacts.has(a.username)));
    },
    listContacts(caller) {
      return store.listContacts(caller).map((a) => entry(a, true));
    },
    addContact(caller, input) {
      const username = normalizeUsername(input);
      if (username === caller) {
        throw new AccountError('invalid', 'contact_self', 'You cannot add yourself as a contact.');
      }
      const account = username.length <= 64 ? store.getAccount(username) : undefined;
      if (account === undefined) throw new AccountError('not_found', 'user_not_found', 'No such user.');
      store.addContact(caller, username, now());
      return entry(account, true);
    },
    removeContact(caller, input) {
      const username = normalizeUsername(input);
      if (store.removeContact(caller, username)) return;
      if (username.length > 64 || store.getAccount(username) === undefined) {
        throw new AccountError('not_found', 'user_not_found', 'No such user.');
      }
    },
  };
}
