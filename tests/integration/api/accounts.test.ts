import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, CreateAccountResponse, UsernameAvailability } from '../../../common/api-types.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

let service: TestService;
let api: ApiClient;

beforeAll(async () => {
  service = await startTestService({ domain: 'corp.example' });
  api = apiClient(service.baseUrl);
});
afterAll(() => service.stop());

const errorCode = (body: unknown): string => (body as ApiErrorBody).error.code;

describe('POST /api/accounts', () => {
  it('creates an account: 201 { username, aor } with the lowercased name', async () => {
    const reply = await api.post<CreateAccountResponse>('/api/accounts', {
      username: 'Alice',
      password: 'password1',
      displayName: 'Alice Liddell',
      email: 'alice@mail.example',
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ username: 'alice', aor: 'sip:alice@corp.example' });
  });

  it.each([
    [{ password: 'password1' }, 'username_missing'],
    [{ username: 'ab', password: 'password1' }, 'username_too_short'],
    [{ username: 'a'.repeat(33), password: 'password1' }, 'username_too_long'],
    [{ username: '9lives', password: 'password1' }, 'username_invalid_start'],
    [{ username: 'bad name', password: 'password1' }, 'username_invalid_characters'],
    [{ username: 'bad@name', password: 'password1' }, 'username_invalid_characters'],
    [{ username: 'voicemail', password: 'password1' }, 'username_reserved'],
    [{ username: 'Echo', password: 'password1' }, 'username_reserved'],
    [{ username: 'ADMIN', password: 'password1' }, 'username_reserved'],
    [{ username: 'newuser' }, 'password_missing'],
    [{ username: 'newuser', password: 'short' }, 'password_too_short'],
    [{ username: 'newuser', password: 'x'.repeat(1025) }, 'password_too_long'],
    [{ username: 'newuser', password: 'password1', displayName: 'x'.repeat(65) }, 'display_name_too_long'],
    [{ username: 'newuser', password: 'password1', email: 'nope' }, 'email_invalid'],
  ])('%j → 400 %s', async (body, code) => {
    const reply = await api.post('/api/accounts', body);
    expect(reply.status).toBe(400);
    expect(errorCode(reply.body)).toBe(code);
    expect((reply.body as ApiErrorBody).error.message).toBeTruthy();
  });

  it('keeps usernames unique regardless of case: 409 username_taken', async () => {
    expect((await api.post('/api/accounts', { username: 'bob', password: 'password1' })).status).toBe(201);
    for (const username of ['bob', 'BOB', ' Bob ']) {
      const reply = await api.post('/api/accounts', { username, password: 'password2' });
      expect(reply.status).toBe(409);
      expect(errorCode(reply.body)).toBe('username_taken');
    }
  });

  it('lets exactly one of many concurrent sign-ups for one name win', async () => {
    const replies = await Promise.all(
      Array.from({ length: 5 }, () =>
        api.post('/api/accounts', { username: 'racer', password: 'password1' }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('defaults the display name to the username and the mailbox to username@domain', async () => {
    await api.post('/api/accounts', { username: 'carol', password: 'password1' });
    const session = await api.post<{ account: unknown }>('/api/sessions', {
      username: 'carol',
      password: 'password1',
    });
    expect(session.body.account).toEqual({
      username: 'carol',
      displayName: 'carol',
      email: 'carol@corp.example',
      aor: 'sip:carol@corp.example',
    });
  });
});

describe('GET /api/accounts/availability', () => {
  const check = async (username: string) =>
    (
      await api.get<UsernameAvailability>(
        `/api/accounts/availability?username=${encodeURIComponent(username)}`,
      )
    ).body;

  it('says free names are available', async () => {
    expect(await check('Zed.Free-1')).toEqual({ username: 'zed.free-1', available: true });
  });

  it('gives the code and the reason when a name is not available', async () => {
    await api.post('/api/accounts', { username: 'dora', password: 'password1' });
    expect(await check('DORA')).toMatchObject({ username: 'dora', available: false, code: 'username_taken' });
    expect(await check('gateway')).toMatchObject({ available: false, code: 'username_reserved' });
    expect(await check('x')).toMatchObject({ available: false, code: 'username_too_short' });
    expect(await check('')).toMatchObject({ available: false, code: 'username_missing' });
    expect((await check('dora')).reason).toBeTruthy();
  });

  it('needs no authentication', async () => {
    expect((await api.get('/api/accounts/availability?username=someone')).status).toBe(200);
  });
});
