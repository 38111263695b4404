/**
 * SIP.js 0.21.2 user agents (unmodified, fake media) registering and calling each other through
 * the real SIP service on a real socket: the proxy's routing, forking, CANCEL and failures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionState } from 'sip.js';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';
import { createTestPhone, sessionReaches, type TestPhone } from '../../support/sip/sipjs-phone.js';

let server: SipTestServer;
const phones: TestPhone[] = [];

async function phone(username: string, password = `${username}-secret`): Promise<TestPhone> {
  const p = await createTestPhone({ url: server.url, domain: server.domain, username, password });
  phones.push(p);
  return p;
}

async function registered(username: string): Promise<TestPhone> {
  server.secrets.addUser(username, `${username}-secret`);
  const p = await phone(username);
  await p.register();
  return p;
}

describe('SIP.js through the Parley proxy', () => {
  beforeEach(async () => {
    server = await startSipTestServer({ noAnswerTimeoutMs: 1500 });
  });
  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.stop()));
    await server.close();
  });

  it('registers with digest, calls, answers, and the caller hangs up; presence follows', async () => {
    const alice = await registered('alice');
    const bob = await registered('bob');
    expect(server.service.presenceOf('bob')).toBe('online');
    const { inviter, outcome, ringing } = alice.call('bob');
    const incoming = await bob.nextCall();
    await ringing;
    expect(incoming.invitation.remoteIdentity.uri.user).toBe('alice');
    await incoming.invitation.accept();
    expect(await outcome).toBe('established');
    expect(server.service.presenceOf('alice')).toBe('on-call');
    expect(server.service.presenceOf('bob')).toBe('on-call');
    await inviter.bye();
    await sessionReaches(incoming.invitation, SessionState.Terminated);
    expect(server.service.presenceOf('bob')).toBe('online');
  });
});
