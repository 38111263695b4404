/**
 * The user directory and personal contact lists, each entry with live presence from the SIP room.
 */
import type { DirectoryEntry, PresenceStatus } from '../../../common/api-types.js';
import type { UserStatus } from '../../../common/presence-types.js';
import { normalizeUsername, RESERVED_USERNAMES } from '../../../common/username-rules.js';
import type { AccountRecord, Store } from '../store/store.js';
import { AccountError } from './account-error.js';

export const DIRECTORY_LIMIT = 50;

export interface DirectoryOptions {
  readonly store: Pick<Store, 'accounts' | 'contacts'>;
  readonly domain: string;
  readonly presenceOf: (username: string) => PresenceStatus;
  /** The person's chosen status (server/src/presence); absent in tests of the directory alone. */
  readonly statusOf?: (username: string) => UserStatus;
  readonly now?: () => number;
}

export interface Directory {
  /** Users whose username or display name contains `query` (case-insensitive), not the caller; ≤ 50. */
  search(caller: string, query: string): Promise<DirectoryEntry[]>;
  listContacts(caller: string): Promise<DirectoryEntry[]>;
  /** @throws AccountError `not_found` (`user_not_found`) or `invalid` (`contact_self`). */
  addContact(caller: string, username: string): Promise<DirectoryEntry>;
  /** Idempotent. @throws AccountError `not_found` (`user_not_found`) when no such user exists. */
  removeContact(caller: string, username: string): Promise<void>;
}

export function createDirectory(options: DirectoryOptions): Directory {
  const { store, domain, presenceOf } = options;
  const now = options.now ?? Date.now;
  const entry = (a: AccountRecord, isContact: boolean): DirectoryEntry => ({
    username: a.username,
    displayName: a.displayName,
    aor: `sip:${a.username}@${domain}`,
    presence: presenceOf(a.username),
    ...(options.statusOf ? { status: options.statusOf(a.username) } : {}),
    isContact,
  });

  return {
    async search(caller, query) {
      const contacts = await store.contacts.usernames(caller);
      // The service's own agents (voicemail, echo…) have accounts under reserved names; people are not
      // looking for them in the directory.
      const found = await store.accounts.search(
        query.trim().slice(0, 128),
        caller,
        DIRECTORY_LIMIT + RESERVED_USERNAMES.size,
      );
      return found
        .filter((a) => !RESERVED_USERNAMES.has(a.username))
        .slice(0, DIRECTORY_LIMIT)
        .map((a) => entry(a, contacts.has(a.username)));
    },
    async listContacts(caller) {
      return (await store.contacts.list(caller)).map((a) => entry(a, true));
    },
    async addContact(caller, input) {
      const username = normalizeUsername(input);
      if (username === caller) {
        throw new AccountError('invalid', 'contact_self', 'You cannot add yourself as a contact.');
      }
      const account = username.length <= 64 ? await store.accounts.get(username) : undefined;
      if (account === undefined) throw new AccountError('not_found', 'user_not_found', 'No such user.');
      await store.contacts.add(caller, username, now());
      return entry(account, true);
    },
    async removeContact(caller, input) {
      const username = normalizeUsername(input);
      if (await store.contacts.remove(caller, username)) return;
      if (username.length > 64 || (await store.accounts.get(username)) === undefined) {
        throw new AccountError('not_found', 'user_not_found', 'No such user.');
      }
    },
  };
}
