/**
 * Signing out ends at once what the session token set up in SIP: the real service (accounts, messaging,
 * SIP over WebSocket) on a real socket. A device registered with the token as its SIP password is
 * disconnected and gets no more MESSAGEs; a device of the same user registered with the password stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';
import { buildRequest, digestAnswer, RawSipClient, type RawFrame } from '../../support/sip/raw-sip-client.js';
import { registerWithDigest } from '../../support/sip/ws-register.js';

let service: TestService;
const clients: RawSipClient[] = [];

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  await service.stop();
});

async function registered(user: string, secret: string): Promise<RawSipClient> {
  const c = await RawSipClient.connect(service.sipUrl);
  clients.push(c);
  expect(await registerWithDigest(c, user, secret, service.domain)).toBe(200);
  return c;
}

describe('sign-out and SIP', () => {
  it('ends the registrations made with the token at once: that device gets no MESSAGE, the other one does', async () => {
    const alice = await service.createAccount('alice');
    const bob = await service.createAccount('bob');
    const byToken = await registered('alice', alice.token);
    const byPassword = await registered('alice', alice.password);

    const signOut = await apiClient(service.baseUrl).delete('/api/sessions/current', { token: alice.token });
    expect(signOut.status).toBe(204);
    expect((await byToken.closed).code).toBe(1008);

    // bob writes to alice over SIP: stored and delivered to her remaining device only.
    const sender = await registered('bob', bob.password);
    const message = (auth?: string): string =>
      buildRequest({
        method: 'MESSAGE',
        ruri: `sip:alice@${service.domain}`,
        from: `sip:bob@${service.domain}`,
        to: `sip:alice@${service.domain}`,
        callId: 'after-sign-out',
        viaHost: sender.viaHost,
        headers: ['Content-Type: text/plain', ...(auth ? [`Proxy-Authorization: ${auth}`] : [])],
        body: 'still there?',
      });
    const challenge = (await sender.request(message())).headers('Proxy-Authenticate').at(-1)!;
    const auth = digestAnswer(challenge, {
      username: 'bob',
      password: bob.password,
      method: 'MESSAGE',
      uri: `sip:alice@${service.domain}`,
    });
    expect((await sender.request(message(auth))).status).toBeLessThan(300);
    const delivered: RawFrame = await byPassword.next((f) => f.method === 'MESSAGE');
    expect(delivered.text).toContain('still there?');
    expect(byToken.ws.readyState).toBe(byToken.ws.CLOSED);
    expect(service.service.sip.presenceOf('alice')).toBe('online');
  });
});
