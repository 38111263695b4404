import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NodePhone } from '../../support/engine/node-phone.js';
import { startTestService } from '../../support/service/test-service.js';
import type { TestService } from '../../support/service/test-service.js';
import { phonesOn, uniqueName } from './call-fixture.js';

describe('two Node engines call each other through the real service', () => {
  let service: TestService;
  const phones = phonesOn(() => service);
  beforeAll(async () => {
    service = await startTestService();
  });
  afterEach(() => phones.closeAll());
  afterAll(() => service.stop());

  async function connected(): Promise<{
    alice: NodePhone;
    bob: NodePhone;
    aliceCall: string;
    bobCall: string;
  }> {
    const aliceName = uniqueName('alice');
    const bobName = uniqueName('bob');
    const alice = await phones.phone(aliceName, { toneHz: 440 });
    const bob = await phones.phone(bobName, { toneHz: 880 });
    const aliceCall = alice.engine.call(bobName);
    const incoming = await bob.waitForIncoming();
    expect(incoming.peer.username).toBe(aliceName);
    await alice.waitForCall(aliceCall, 'ringing');
    await bob.engine.answer(incoming.id);
    await Promise.all([alice.waitForCall(aliceCall, 'active'), bob.waitForCall(incoming.id, 'active')]);
    return { alice, bob, aliceCall, bobCall: incoming.id };
  }

  it('connects, and RTP flows both ways', async () => {
    const { alice, bob } = await connected();
    await Promise.all([alice.waitForPackets(25), bob.waitForPackets(25)]);
    expect(alice.received().packets).toBeGreaterThanOrEqual(25);
    expect(bob.received().packets).toBeGreaterThanOrEqual(25);
    expect(bob.received().bytes).toBeGreaterThan(0);
  });

  it('caller hangs up: callee sees remote-hangup', async () => {
    const { alice, bob, aliceCall, bobCall } = await connected();
    await alice.engine.hangup(aliceCall);
    expect(alice.engine.getSnapshot().calls[0]).toMatchObject({ id: aliceCall, endReason: 'local-hangup' });
    const ended = await bob.waitForCall(bobCall, 'ended');
    expect(ended.endReason).toBe('remote-hangup');
  });

  it('callee hangs up: caller sees remote-hangup', async () => {
    const { alice, bob, aliceCall, bobCall } = await connected();
    await bob.engine.hangup(bobCall);
    const ended = await alice.waitForCall(aliceCall, 'ended');
    expect(ended.endReason).toBe('remote-hangup');
  });

  it('mute stops sending, unmute resumes', async () => {
    const { alice, bob, aliceCall } = await connected();
    await bob.waitForPackets(10);
    alice.engine.setMuted(aliceCall, true);
    expect(alice.engine.getSnapshot().calls[0]?.muted).toBe(true);
    const sentAtMute = alice.sent().packets;
    const bobHadAtMute = bob.received().packets;
    // Use bob's unmuted stream as the clock: 25 more packets ≈ 0.5 s.
    await alice.waitForPackets(alice.received().packets + 25);
    expect(alice.sent().packets).toBe(sentAtMute);
    expect(bob.received().packets - bobHadAtMute).toBeLessThanOrEqual(2); // at most what was in flight
    alice.engine.setMuted(aliceCall, false);
    await bob.waitForPackets(bob.received().packets + 10);
  });
});
