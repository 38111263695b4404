import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountProfile, ApiErrorBody, SessionResponse } from '../../../common/api-types.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

let service: TestService;
let api: ApiClient;

beforeAll(async () => {
  service = await startTestService();
  api = apiClient(service.baseUrl);
});
afterAll(() => service.stop());

const errorCode = (body: unknown): string => (body as ApiErrorBody).error.code;
const basic = (user: string, password: string) => ({
  headers: { authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') },
});

describe('sessions', () => {
  it('signs in with the password: 201 with a token and the profile', async () => {
    await service.createAccount('alice', 'password-alice', 'Alice A.');
    const reply = await api.post<SessionResponse>('/api/sessions', {
      username: 'ALICE',
      password: 'password-alice',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reply.body.account).toEqual({
      username: 'alice',
      displayName: 'Alice A.',
      email: 'alice@localhost',
      aor: 'sip:alice@localhost',
    });
  });

  it('authenticates GET /api/me with the token, and sign-out kills exactly that token', async () => {
    const { token } = await service.createAccount('bob');
    const second = (
      await api.post<SessionResponse>('/api/sessions', { username: 'bob', password: 'pw-bob-secret' })
    ).body.token;
    const me = await api.get<AccountProfile>('/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('bob');

    expect((await api.delete('/api/sessions/current', { token })).status).toBe(204);
    const after = await api.get('/api/me', { token });
    expect(after.status).toBe(401);
    expect(errorCode(after.body)).toBe('unauthorized');
    expect((await api.get('/api/me', { token: second })).status).toBe(200);
  });

  it('accepts HTTP Basic only to obtain a session token (no password hashing on every request)', async () => {
    await service.createAccount('carol', 'password-carol');
    const session = await api.post<SessionResponse>(
      '/api/sessions',
      undefined,
      basic('Carol', 'password-carol'),
    );
    expect(session.status).toBe(201);
    expect(session.body.account.username).toBe('carol');
    expect((await api.get('/api/me', { token: session.body.token })).status).toBe(200);
    const wrong = await api.post('/api/sessions', undefined, basic('carol', 'wrong-password'));
    expect(wrong.status).toBe(401);
    expect(errorCode(wrong.body)).toBe('invalid_credentials');
    // Any other route refuses Basic, right password or not, with a message naming where to use it.
    const me = await api.get<ApiErrorBody>('/api/me', basic('carol', 'password-carol'));
    expect(me.status).toBe(401);
    expect(me.body.error.message).toMatch(/POST \/api\/sessions/);
  });

  it('answers 401 unauthorized with WWW-Authenticate without credentials or with a bad token', async () => {
    for (const options of [{}, { token: 'not-a-token' }, { headers: { authorization: 'Digest x' } }]) {
      const reply = await api.get('/api/me', options);
      expect(reply.status).toBe(401);
      expect(errorCode(reply.body)).toBe('unauthorized');
      expect(reply.headers.get('www-authenticate')).toMatch(/Bearer/);
    }
  });

  it('refuses a wrong password or an unknown user with 401 invalid_credentials', async () => {
    await service.createAccount('dave', 'password-dave');
    for (const body of [
      { username: 'dave', password: 'password-eve' },
      { username: 'nobody', password: 'password-dave' },
      { username: 'dave' },
      { username: 42, password: 'x' },
    ]) {
      const reply = await api.post('/api/sessions', body);
      expect(reply.status).toBe(401);
      expect(errorCode(reply.body)).toBe('invalid_credentials');
    }
  });

  it('throttles repeated failures with 429 and Retry-After, even for the right password', async () => {
    await service.createAccount('erin', 'password-erin');
    for (let i = 0; i < 10; i++) {
      expect((await api.post('/api/sessions', { username: 'erin', password: `wrong-${i}` })).status).toBe(
        401,
      );
    }
    const blocked = await api.post('/api/sessions', { username: 'erin', password: 'password-erin' });
    expect(blocked.status).toBe(429);
    expect(errorCode(blocked.body)).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Basic sign-in shares the throttle.
    expect((await api.post('/api/sessions', undefined, basic('erin', 'password-erin'))).status).toBe(429);
    // Other users are not affected.
    expect((await api.post('/api/sessions', { username: 'alice', password: 'password-alice' })).status).toBe(
      201,
    );
  });

  it('keeps accounts and sessions across a restart on the same URL', async () => {
    const { token } = await service.createAccount('frank');
    await service.restart();
    const me = await api.get<AccountProfile>('/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('frank');
    expect((await api.post('/api/sessions', { username: 'frank', password: 'pw-frank-secret' })).status).toBe(
      201,
    );
    expect((await api.post('/api/accounts', { username: 'FRANK', password: 'password1' })).status).toBe(409);
  });
});
