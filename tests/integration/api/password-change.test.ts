/**
 * `PUT /api/me/password` on the real service over real sockets: the new password replaces the old one
 * everywhere (scrypt hash, digest HA1s, Kamailio's subscriber row), every session token dies, and every
 * device registered with the old password or a token is cut off at once (issue 14, item 1).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../common/api-types.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';
import { RawSipClient } from '../../support/sip/raw-sip-client.js';
import { registerWithDigest } from '../../support/sip/ws-register.js';

let service: TestService;
let api: ApiClient;
const clients: RawSipClient[] = [];

beforeAll(async () => {
  service = await startTestService();
  api = apiClient(service.baseUrl);
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  await service.stop();
});

const errorCode = (body: unknown): string => (body as ApiErrorBody).error.code;

/** REGISTERs `user` with digest `secret` on a new WebSocket; the final status and the client. */
async function register(user: string, secret: string): Promise<{ status: number; client: RawSipClient }> {
  const c = await RawSipClient.connect(service.sipUrl);
  clients.push(c);
  return { status: await registerWithDigest(c, user, secret, service.domain), client: c };
}

describe('PUT /api/me/password', () => {
  it('ends every registration made with the old password or a token, and only the new password works', async () => {
    const alice = await service.createAccount('alice', 'old-password-1');
    const second = await api.post<{ token: string }>('/api/sessions', {
      username: 'alice',
      password: 'old-password-1',
    });
    const byPassword = await register('alice', 'old-password-1');
    const byToken = await register('alice', second.body.token);
    expect([byPassword.status, byToken.status]).toEqual([200, 200]);
    expect(service.service.sip.presenceOf('alice')).toBe('online');

    const change = await api.put(
      '/api/me/password',
      { currentPassword: 'old-password-1', newPassword: 'new-password-2' },
      { token: alice.token },
    );
    expect(change.status).toBe(204);
    // Both devices are cut off at once, and no binding is left.
    expect((await byPassword.client.closed).code).toBe(1008);
    expect((await byToken.client.closed).code).toBe(1008);
    expect(service.service.sip.presenceOf('alice')).toBe('offline');

    // Every token is gone (the one used for the change too), and the old password is refused everywhere.
    for (const token of [alice.token, second.body.token]) {
      expect((await api.get('/api/me', { token })).status).toBe(401);
    }
    const oldSignIn = await api.post('/api/sessions', { username: 'alice', password: 'old-password-1' });
    expect([oldSignIn.status, errorCode(oldSignIn.body)]).toEqual([401, 'invalid_credentials']);
    expect((await register('alice', 'old-password-1')).status).toBe(403);
    expect((await register('alice', second.body.token)).status).toBe(403);

    // The new one works for the API, for SIP, and is what Kamailio's subscriber row now holds.
    expect((await api.post('/api/sessions', { username: 'alice', password: 'new-password-2' })).status).toBe(
      201,
    );
    expect((await register('alice', 'new-password-2')).status).toBe(200);
    const row = await service.service.store.accounts.subscriber('alice', service.domain);
    const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
    expect(row?.ha1).toBe(md5(`alice:${service.domain}:new-password-2`));
  });

  it('refuses a wrong current password (403), a weak new one, a malformed body, and no token', async () => {
    const bob = await service.createAccount('bob', 'bob-password-1');
    const put = (body: unknown, token: string | null = bob.token) =>
      api.put('/api/me/password', body, token === null ? {} : { token });

    const wrong = await put({ currentPassword: 'not-it', newPassword: 'whatever-9' });
    expect([wrong.status, errorCode(wrong.body)]).toEqual([403, 'wrong_password']);
    const short = await put({ currentPassword: 'bob-password-1', newPassword: 'short' });
    expect([short.status, errorCode(short.body)]).toEqual([400, 'password_too_short']);
    const missing = await put({ currentPassword: 'bob-password-1' });
    expect([missing.status, errorCode(missing.body)]).toEqual([400, 'invalid_request']);
    expect((missing.body as ApiErrorBody).error.message).toContain('newPassword');
    const typed = await put({ currentPassword: 'bob-password-1', newPassword: 12345678 });
    expect([typed.status, errorCode(typed.body)]).toEqual([400, 'invalid_request']);
    expect((await put({ currentPassword: 'bob-password-1', newPassword: 'new-pw-bob-2' }, null)).status).toBe(
      401,
    );
    // Nothing changed: the token and the password still work.
    expect((await api.get('/api/me', { token: bob.token })).status).toBe(200);
    expect((await api.post('/api/sessions', { username: 'bob', password: 'bob-password-1' })).status).toBe(
      201,
    );
  });

  it('is throttled like sign-in: after repeated wrong current passwords even the right one waits', async () => {
    const carol = await service.createAccount('carol', 'carol-password-1');
    for (let i = 0; i < 10; i++) {
      const reply = await api.put(
        '/api/me/password',
        { currentPassword: `wrong-${i}`, newPassword: 'carol-password-2' },
        { token: carol.token },
      );
      expect(reply.status).toBe(403);
    }
    const blocked = await api.put(
      '/api/me/password',
      { currentPassword: 'carol-password-1', newPassword: 'carol-password-2' },
      { token: carol.token },
    );
    expect([blocked.status, errorCode(blocked.body)]).toEqual([429, 'too_many_attempts']);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
