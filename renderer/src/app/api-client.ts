import type {
  AccountProfile,
  ContactsResponse,
  CreateAccountRequest,
  CreateAccountResponse,
  CreateSessionRequest,
  DirectoryEntry,
  DirectoryResponse,
  ServiceConfig,
  SessionResponse,
  UsernameAvailability,
} from '../../../common/api-types.js';
import type { ChangePasswordRequest } from '../../../common/account-types.js';
import type { UserStatus } from '../../../common/presence-types.js';
import { networkError, readResponseJson, toApiError } from './api-error.js';

/** A typed client for the service's JSON API (`common/api-types.ts`). Every failure is an `ApiError`. */
export interface ApiClient {
  getConfig(): Promise<ServiceConfig>;
  checkAvailability(username: string, signal?: AbortSignal): Promise<UsernameAvailability>;
  createAccount(request: CreateAccountRequest): Promise<CreateAccountResponse>;
  createSession(request: CreateSessionRequest): Promise<SessionResponse>;
  /** Revokes the given session token (`DELETE /api/sessions/current`). */
  endSession(token: string): Promise<void>;
  getMe(): Promise<AccountProfile>;
  /**
   * `PUT /api/me/password`: every session token is revoked on success (this one too), so sign in again
   * with the new password.
   */
  changePassword(request: ChangePasswordRequest): Promise<void>;
  searchDirectory(query: string, signal?: AbortSignal): Promise<readonly DirectoryEntry[]>;
  listContacts(): Promise<readonly DirectoryEntry[]>;
  addContact(username: string): Promise<DirectoryEntry>;
  removeContact(username: string): Promise<void>;
  /** The signed-in user's status (`GET`/`PUT /api/me/status`, common/presence-types.ts). */
  getMyStatus(): Promise<UserStatus>;
  setMyStatus(status: UserStatus): Promise<UserStatus>;
  /** URL of the server-sent event stream (`event: presence`); EventSource cannot send headers. */
  eventsUrl(token: string): string;
}

export interface ApiClientOptions {
  /** Origin of the service; '' (same origin) in the browser. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** The session token for authenticated calls, read at call time. */
  readonly getToken: () => string | undefined;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function request<T>(
    method: string,
    path: string,
    init: { body?: unknown; auth?: boolean; token?: string; signal?: AbortSignal } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    if (init.auth) {
      const token = init.token ?? options.getToken();
      if (token) headers.Authorization = `Bearer ${token}`;
    }
    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: init.signal,
      });
    } catch (cause) {
      throw networkError(cause);
    }
    const body = await readResponseJson(response);
    if (!response.ok) throw toApiError(response.status, body);
    return body as T;
  }

  const user = (username: string): string => encodeURIComponent(username);

  return {
    getConfig: () => request<ServiceConfig>('GET', '/api/config'),
    checkAvailability: (username, signal) =>
      request<UsernameAvailability>('GET', `/api/accounts/availability?username=${user(username)}`, {
        signal,
      }),
    createAccount: (body) => request<CreateAccountResponse>('POST', '/api/accounts', { body }),
    createSession: (body) => request<SessionResponse>('POST', '/api/sessions', { body }),
    endSession: async (token) => {
      await request<unknown>('DELETE', '/api/sessions/current', { auth: true, token });
    },
    getMe: () => request<AccountProfile>('GET', '/api/me', { auth: true }),
    changePassword: async (body) => {
      await request<unknown>('PUT', '/api/me/password', { auth: true, body });
    },
    searchDirectory: async (query, signal) =>
      (
        await request<DirectoryResponse>('GET', `/api/directory?q=${encodeURIComponent(query)}`, {
          auth: true,
          signal,
        })
      ).users,
    listContacts: async () =>
      (await request<ContactsResponse>('GET', '/api/contacts', { auth: true })).contacts,
    addContact: (username) =>
      request<DirectoryEntry>('PUT', `/api/contacts/${user(username)}`, { auth: true }),
    removeContact: async (username) => {
      await request<unknown>('DELETE', `/api/contacts/${user(username)}`, { auth: true });
    },
    getMyStatus: () => request<UserStatus>('GET', '/api/me/status', { auth: true }),
    setMyStatus: (body) => request<UserStatus>('PUT', '/api/me/status', { auth: true, body }),
    eventsUrl: (token) => `${baseUrl}/api/events?token=${encodeURIComponent(token)}`,
  };
}
