/**
 * The foundation's call scenarios, with Kamailio as registrar/proxy instead of the Parley service:
 * accounts come from the Parley sign-up API, phones are the real Parley engine in Node (SIP.js over ws,
 * werift media sending a tone), and the only thing they are told is Kamailio's `sipUrl`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodePhone, type NodePhone } from '../../support/engine/node-phone.js';
import type { TestAccount } from '../../support/service/test-service.js';
import {
  startParleyWithKamailio,
  type ParleyWithKamailio,
} from '../../support/kamailio/parley-with-kamailio.js';

describe('Parley phones through Kamailio', () => {
  let deployment: ParleyWithKamailio;
  let alice: TestAccount;
  let bob: TestAccount;
  const phones: NodePhone[] = [];

  const phone = async (account: TestAccount, password = account.password): Promise<NodePhone> => {
    const p = await createNodePhone({
      sipUrl: deployment.sipUrl,
      domain: deployment.domain,
      username: account.username,
      // The account password (subscriber.ha1) or a live session token (sessions.ha1_md5).
      password,
    });
    phones.push(p);
    return p;
  };

  beforeAll(async () => {
    deployment = await startParleyWithKamailio();
    alice = await deployment.service.createAccount('alice');
    bob = await deployment.service.createAccount('bob');
  });

  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.close()));
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  it('registers with the password given at sign-up', async () => {
    const a = await phone(alice);
    await a.engine.start();
    expect(a.engine.getSnapshot().registration.state).toBe('registered');
  });

  it('registers with a session token as SIP password, as the web client does', async () => {
    const a = await phone(alice, alice.token);
    await a.engine.start();
    expect(a.engine.getSnapshot().registration.state).toBe('registered');
  });

  it('refuses a wrong password', async () => {
    const a = await phone(alice, 'not-the-password');
    await expect(a.engine.start()).rejects.toThrow();
    expect(a.engine.getSnapshot().registration.state).toBe('failed');
  });

  it('connects a call with audio both ways, and the caller hangs up', async () => {
    const a = await phone(alice);
    const b = await phone(bob);
    await Promise.all([a.engine.start(), b.engine.start()]);

    const outgoing = a.engine.call('bob');
    const incoming = await b.waitForIncoming();
    expect(incoming.peer.username).toBe('alice');
    await a.waitForCall(outgoing, 'ringing');
    await b.engine.answer(incoming.id);
    await Promise.all([a.waitForCall(outgoing, 'active'), b.waitForCall(incoming.id, 'active')]);

    // RTP flows peer to peer (Kamailio routes signalling only); 25 packets = 0.5 s of 20 ms Opus.
    await Promise.all([a.waitForPackets(25), b.waitForPackets(25)]);
    expect(a.received().packets).toBeGreaterThanOrEqual(25);
    expect(b.received().packets).toBeGreaterThanOrEqual(25);

    // BYE travels the Record-Route back through Kamailio to bob's connection.
    await a.engine.hangup(outgoing);
    const ended = await b.waitForCall(incoming.id, 'ended');
    expect(ended.endReason).toBe('remote-hangup');
    expect((await a.waitForCall(outgoing, 'ended')).endReason).toBe('local-hangup');
  });

  it('rings every device of the callee; one answers, the other stops ringing; the callee hangs up', async () => {
    const a = await phone(alice);
    const desk = await phone(bob);
    const laptop = await phone(bob);
    await Promise.all([a.engine.start(), desk.engine.start(), laptop.engine.start()]);

    const outgoing = a.engine.call('bob');
    const [onDesk, onLaptop] = await Promise.all([desk.waitForIncoming(), laptop.waitForIncoming()]);
    await laptop.engine.answer(onLaptop.id);

    // Kamailio CANCELs the desk's branch when the laptop's 200 OK arrives (RFC 3261 §16.7 step 10).
    const deskEnd = await desk.waitForCall(onDesk.id, 'ended');
    expect(['answered-elsewhere', 'cancelled']).toContain(deskEnd.endReason);
    await Promise.all([a.waitForCall(outgoing, 'active'), laptop.waitForCall(onLaptop.id, 'active')]);
    await Promise.all([a.waitForPackets(25), laptop.waitForPackets(25)]);
    expect(desk.received().packets).toBe(0);

    await laptop.engine.hangup(onLaptop.id);
    expect((await a.waitForCall(outgoing, 'ended')).endReason).toBe('remote-hangup');
  });

  it('tells the caller when the callee exists but is offline, and when there is no such user', async () => {
    const a = await phone(alice);
    await a.engine.start();
    const offline = a.engine.call('bob');
    const unavailable = await a.waitForCall(offline, 'ended');
    expect(unavailable.endStatus?.code).toBe(480);
    expect(unavailable.endReason).toBe('unavailable');

    const unknown = a.engine.call('nobody-here');
    const notFound = await a.waitForCall(unknown, 'ended');
    expect(notFound.endStatus?.code).toBe(404);
    expect(notFound.endReason).toBe('not-found');
  });
});
