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

  it("routes the callee's in-dialog INFO and BYE back to the caller (Record-Route flow token)", async () => {
    const alice = await registered('alice');
    const bob = await registered('bob');
    const { inviter, outcome } = alice.call('bob');
    const incoming = await bob.nextCall();
    await incoming.invitation.accept();
    expect(await outcome).toBe('established');
    let infoAtAlice: string | undefined;
    inviter.delegate = { onInfo: (info) => void info.accept().then(() => (infoAtAlice = info.request.body)) };
    // In-dialog request from the callee side: reaches alice over her WebSocket, 200 comes back.
    const status = await new Promise<number>((resolve, reject) => {
      incoming.invitation
        .info({
          requestOptions: {
            body: {
              contentDisposition: 'render',
              contentType: 'application/dtmf-relay',
              content: 'Signal=5',
            },
          },
          requestDelegate: {
            onAccept: (r) => resolve(r.message.statusCode ?? 0),
            onReject: (r) => resolve(r.message.statusCode ?? 0),
          },
        })
        .catch(reject);
    });
    expect(status).toBe(200);
    expect(infoAtAlice).toBe('Signal=5');
    await incoming.invitation.bye();
    await sessionReaches(inviter, SessionState.Terminated);
    expect(server.service.presenceOf('alice')).toBe('online');
  });

  it('forks to every device of the callee; answering on one cancels the other with a Reason', async () => {
    const alice = await registered('alice');
    const bob1 = await registered('bob');
    const bob2 = await phone('bob');
    await bob2.register();
    const { outcome } = alice.call('bob');
    const [ring1, ring2] = await Promise.all([bob1.nextCall(), bob2.nextCall()]);
    await ring1.invitation.accept();
    expect(await outcome).toBe('established');
    const cancel = await ring2.cancelled;
    expect(cancel.getHeader('Reason')).toBe('SIP;cause=200;text="Call completed elsewhere"');
    await sessionReaches(ring2.invitation, SessionState.Terminated);
    expect(ring1.invitation.state).toBe(SessionState.Established);
  });

  it('a caller CANCEL stops every ringing device and ends with 487', async () => {
    const alice = await registered('alice');
    const bob1 = await registered('bob');
    const bob2 = await phone('bob');
    await bob2.register();
    const { inviter, outcome, ringing } = alice.call('bob');
    const [ring1, ring2] = await Promise.all([bob1.nextCall(), bob2.nextCall()]);
    await ringing;
    await inviter.cancel();
    await Promise.all([ring1.cancelled, ring2.cancelled]);
    expect(await outcome).toBe(487);
  });

  it('answers 404 for an unknown user and 480 for a user with no device', async () => {
    const alice = await registered('alice');
    server.secrets.addUser('carol', 'carol-secret');
    expect(await alice.call('nobody').outcome).toBe(404);
    expect(await alice.call('carol').outcome).toBe(480);
  });

  it('gives up after the no-answer timeout with 408 and cancels the ringing device', async () => {
    const alice = await registered('alice');
    const bob = await registered('bob');
    const started = Date.now();
    const { outcome } = alice.call('bob');
    const ring = await bob.nextCall();
    expect(await outcome).toBe(408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    await ring.cancelled;
  });

  it.each([486, 603])('passes a %i rejection back to the caller', async (status) => {
    const alice = await registered('alice');
    const bob = await registered('bob');
    const { outcome } = alice.call('bob');
    const ring = await bob.nextCall();
    await ring.invitation.reject({ statusCode: status });
    expect(await outcome).toBe(status);
  });

  it('a busy device does not end the call while another device of the callee still rings', async () => {
    const alice = await registered('alice');
    const bob1 = await registered('bob');
    const bob2 = await phone('bob');
    await bob2.register();
    const { outcome } = alice.call('bob');
    const [ring1, ring2] = await Promise.all([bob1.nextCall(), bob2.nextCall()]);
    await ring1.invitation.reject({ statusCode: 486 });
    await ring2.invitation.accept();
    expect(await outcome).toBe('established');
  });

  it('drops the binding when the WebSocket closes: presence goes offline, calls get 480', async () => {
    const alice = await registered('alice');
    const bob = await registered('bob');
    const changes: string[] = [];
    server.service.onPresenceChange((u) => changes.push(u));
    await bob.ua.transport.disconnect();
    await expect.poll(() => server.service.presenceOf('bob')).toBe('offline');
    expect(changes).toContain('bob');
    expect(await alice.call('bob').outcome).toBe(480);
  });

  it('forks MESSAGE to every device and relays the 200', async () => {
    const alice = await registered('alice');
    const bob1 = await registered('bob');
    const bob2 = await phone('bob');
    await bob2.register();
    const { Messager, UserAgent } = await import('sip.js');
    const target = UserAgent.makeURI(`sip:bob@${server.domain}`)!;
    const status = await new Promise<number>((resolve, reject) => {
      new Messager(alice.ua, target, 'hello bob')
        .message({
          requestDelegate: {
            onAccept: (r) => resolve(r.message.statusCode ?? 0),
            onReject: (r) => resolve(r.message.statusCode ?? 0),
          },
        })
        .catch(reject);
    });
    expect(status).toBe(200);
    const [m1, m2] = await Promise.all([bob1.nextMessage(), bob2.nextMessage()]);
    expect(m1.request.body).toBe('hello bob');
    expect(m2.request.body).toBe('hello bob');
  });
});
