/**
 * The optional `divert` hook (voicemail): a failing INVITE is retargeted to the URI it returns,
 * carrying History-Info (RFC 7044) and Diversion (RFC 5806) with the original callee.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';
import { createTestPhone, type TestPhone } from '../../support/sip/sipjs-phone.js';

let server: SipTestServer;
const phones: TestPhone[] = [];
const asked: string[] = [];

async function registered(username: string): Promise<TestPhone> {
  server.secrets.addUser(username, `${username}-pw`);
  const p = await createTestPhone({
    url: server.url,
    domain: server.domain,
    username,
    password: `${username}-pw`,
  });
  phones.push(p);
  await p.register();
  return p;
}

describe('divert hook', () => {
  beforeEach(async () => {
    asked.length = 0;
    server = await startSipTestServer({
      noAnswerTimeoutMs: 800,
      divert: (callee, why) => {
        asked.push(`${callee}:${why}`);
        return callee === 'bob' ? 'sip:voicemail@parley.test' : undefined;
      },
    });
  });
  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.stop()));
    await server.close();
  });

  it('sends a call for an offline user to voicemail with the original callee named', async () => {
    const alice = await registered('alice');
    const vm = await registered('voicemail');
    server.secrets.addUser('bob', 'bob-pw');
    const { outcome } = alice.call('bob');
    const call = await vm.nextCall();
    const req = call.invitation.request;
    expect(req.to.uri.user).toBe('bob');
    expect(req.getHeader('Diversion')).toBe('<sip:bob@parley.test>;reason=unavailable;counter=1');
    expect(req.getHeaders('History-Info')).toEqual([
      '<sip:bob@parley.test>;index=1',
      '<sip:voicemail@parley.test;cause=404>;index=1.1;mp=1',
    ]);
    await call.invitation.accept();
    expect(await outcome).toBe('established');
    expect(asked).toEqual(['bob:offline']);
  });

  it('diverts when the callee is busy (486) and when nobody answers (cancelling the ringing phone)', async () => {
    const alice = await registered('alice');
    const bob = await registered('bob');
    const vm = await registered('voicemail');

    const busy = alice.call('bob');
    await (await bob.nextCall()).invitation.reject({ statusCode: 486 });
    const vmCall = await vm.nextCall();
    expect(vmCall.invitation.request.getHeader('Diversion')).toContain('reason=user-busy');
    await vmCall.invitation.accept();
    expect(await busy.outcome).toBe('established');

    const unanswered = alice.call('bob');
    const ringing = await bob.nextCall();
    const vmCall2 = await vm.nextCall();
    await ringing.cancelled;
    expect(vmCall2.invitation.request.getHeader('Diversion')).toContain('reason=no-answer');
    await vmCall2.invitation.accept();
    expect(await unanswered.outcome).toBe('established');
    expect(asked).toEqual(['bob:busy', 'bob:no-answer']);
  });

  it('lets the failure through when the hook returns nothing', async () => {
    const alice = await registered('alice');
    const carol = await registered('carol');
    const { outcome } = alice.call('carol');
    await (await carol.nextCall()).invitation.reject({ statusCode: 486 });
    expect(await outcome).toBe(486);
    expect(asked).toEqual(['carol:busy']);
  });
});
