import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../../../renderer/src/app/api-client.js';
import { ApiError, networkErrorMessage, toApiError } from '../../../../renderer/src/app/api-error.js';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function fakeFetch(status: number, body: unknown, seen: Seen[] = []): typeof fetch {
  return async (input, init) => {
    seen.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: init?.body as string | undefined,
    });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status });
  };
}

describe('api client', () => {
  it('sends the bearer token on authenticated calls and reads the answer', async () => {
    const seen: Seen[] = [];
    const api = createApiClient({
      fetch: fakeFetch(200, { users: [{ username: 'bob' }] }, seen),
      getToken: () => 'tok en',
    });
    const users = await api.searchDirectory('bo b');
    expect(users).toEqual([{ username: 'bob' }]);
    expect(seen[0]).toMatchObject({ url: '/api/directory?q=bo%20b', method: 'GET' });
    expect(seen[0]!.headers.Authorization).toBe('Bearer tok en');
  });

  it('does not send a token where none is needed', async () => {
    const seen: Seen[] = [];
    const api = createApiClient({
      fetch: fakeFetch(201, { username: 'ann', aor: 'sip:ann@x' }, seen),
      getToken: () => 't',
    });
    await api.createAccount({ username: 'ann', password: 'secret123' });
    expect(seen[0]!.headers.Authorization).toBeUndefined();
    expect(seen[0]!.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(seen[0]!.body!)).toEqual({ username: 'ann', password: 'secret123' });
  });

  it('uses PUT and DELETE for contacts', async () => {
    const seen: Seen[] = [];
    const api = createApiClient({ fetch: fakeFetch(204, '', seen), getToken: () => 't' });
    await api.removeContact('bob');
    expect(seen[0]).toMatchObject({ url: '/api/contacts/bob', method: 'DELETE' });
  });

  it('changes the password with PUT /api/me/password and the token', async () => {
    const seen: Seen[] = [];
    const api = createApiClient({ fetch: fakeFetch(204, '', seen), getToken: () => 't' });
    await api.changePassword({ currentPassword: 'old-one-1', newPassword: 'new-one-2' });
    expect(seen[0]).toMatchObject({ url: '/api/me/password', method: 'PUT' });
    expect(seen[0]!.headers.Authorization).toBe('Bearer t');
    expect(JSON.parse(seen[0]!.body!)).toEqual({ currentPassword: 'old-one-1', newPassword: 'new-one-2' });
    const refused = createApiClient({
      fetch: fakeFetch(403, {
        error: { code: 'wrong_password', message: 'The current password is not right.' },
      }),
      getToken: () => 't',
    });
    await expect(
      refused.changePassword({ currentPassword: 'x', newPassword: 'new-one-2' }),
    ).rejects.toMatchObject({
      code: 'wrong_password',
      status: 403,
    });
  });

  it('maps the API error body to an ApiError with code, message and status', async () => {
    const api = createApiClient({
      fetch: fakeFetch(409, { error: { code: 'username_taken', message: 'This username is taken.' } }),
      getToken: () => undefined,
    });
    const error = await api
      .createAccount({ username: 'bob', password: 'x'.repeat(8) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'username_taken', message: 'This username is taken.', status: 409 });
  });

  it('gives a useful ApiError when the body is not the API shape', async () => {
    const api = createApiClient({
      fetch: fakeFetch(502, '<html>Bad gateway</html>'),
      getToken: () => undefined,
    });
    const error = await api.getConfig().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'server_error', status: 502 });
    expect((error as ApiError).message).toMatch(/Try again/);
  });

  it('maps a network failure to status 0 with what to do next', async () => {
    const api = createApiClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      getToken: () => undefined,
    });
    const error = await api.getConfig().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network', status: 0, message: networkErrorMessage() });
  });

  it('builds the events URL with the token in the query', () => {
    const api = createApiClient({ baseUrl: 'http://h:1', getToken: () => undefined });
    expect(api.eventsUrl('a/b')).toBe('http://h:1/api/events?token=a%2Fb');
  });
});

describe('toApiError', () => {
  it('says to sign in again on 401 without a body', () => {
    expect(toApiError(401, undefined)).toMatchObject({ code: 'unauthorized', status: 401 });
  });
});
