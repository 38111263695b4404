import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodePhone } from '../../support/engine/node-phone.js';
import type { NodePhone } from '../../support/engine/node-phone.js';
import { startTestService } from '../../support/service/test-service.js';
import type { TestService } from '../../support/service/test-service.js';

describe('one user on two devices', () => {
  let service: TestService;
  const phones: NodePhone[] = [];
  beforeAll(async () => {
    service = await startTestService();
  });
  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.close()));
  });
  afterAll(() => service.stop());

  const device = async (username: string, password: string): Promise<NodePhone> => {
    const p = await createNodePhone({ sipUrl: service.sipUrl, domain: service.domain, username, password });
    phones.push(p);
    await p.engine.start();
    return p;
  };

  it('rings on both; answering on one ends the other as answered-elsewhere; media flows', async () => {
    const alice = await service.createAccount('forkalice');
    const bob = await service.createAccount('forkbob');
    const caller = await device('forkalice', alice.password);
    const bobDesk = await device('forkbob', bob.password);
    const bobLaptop = await device('forkbob', bob.token);
    const id = caller.engine.call('forkbob');
    const [deskCall, laptopCall] = await Promise.all([
      bobDesk.waitForIncoming(),
      bobLaptop.waitForIncoming(),
    ]);
    await bobLaptop.engine.answer(laptopCall.id);
    const desk = await bobDesk.waitForCall(deskCall.id, 'ended');
    expect(desk.endReason).toBe('answered-elsewhere');
    await caller.waitForCall(id, 'active');
    await Promise.all([caller.waitForPackets(10), bobLaptop.waitForPackets(10)]);
    expect(bobDesk.received().packets).toBe(0);
  });

  it('the caller giving up stops both devices ringing (cancelled)', async () => {
    const alice = await service.createAccount('forkcarol');
    const bob = await service.createAccount('forkdave');
    const caller = await device('forkcarol', alice.password);
    const one = await device('forkdave', bob.password);
    const two = await device('forkdave', bob.password);
    const id = caller.engine.call('forkdave');
    const [a, b] = await Promise.all([one.waitForIncoming(), two.waitForIncoming()]);
    await caller.engine.hangup(id);
    const [ea, eb] = await Promise.all([one.waitForCall(a.id, 'ended'), two.waitForCall(b.id, 'ended')]);
    expect(ea.endReason).toBe('cancelled');
    expect(eb.endReason).toBe('cancelled');
  });
});
