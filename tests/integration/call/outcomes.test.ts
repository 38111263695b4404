import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../../support/service/test-service.js';
import type { TestService } from '../../support/service/test-service.js';
import { phonesOn, uniqueName } from './call-fixture.js';

describe('call outcomes through the real service', () => {
  let service: TestService;
  const phones = phonesOn(() => service);
  beforeAll(async () => {
    service = await startTestService({ noAnswerTimeoutMs: 1500 });
  });
  afterEach(() => phones.closeAll());
  afterAll(() => service.stop());

  it('declined → declined (603) on both sides', async () => {
    const alice = await phones.phone(uniqueName('alice'));
    const bobName = uniqueName('bob');
    const bob = await phones.phone(bobName);
    const id = alice.engine.call(bobName);
    const incoming = await bob.waitForIncoming();
    await bob.engine.decline(incoming.id);
    const ended = await alice.waitForCall(id, 'ended');
    expect(ended).toMatchObject({ endReason: 'declined', endStatus: { code: 603 } });
    expect(bob.engine.getSnapshot().calls[0]?.endReason).toBe('declined');
  });

  it('caller cancels → callee sees cancelled', async () => {
    const alice = await phones.phone(uniqueName('alice'));
    const bobName = uniqueName('bob');
    const bob = await phones.phone(bobName);
    const id = alice.engine.call(bobName);
    const incoming = await bob.waitForIncoming();
    await alice.waitForCall(id, 'ringing');
    await alice.engine.hangup(id);
    expect(alice.engine.getSnapshot().calls[0]?.endReason).toBe('cancelled');
    const ended = await bob.waitForCall(incoming.id, 'ended');
    expect(ended.endReason).toBe('cancelled');
  });

  it('unknown user → not-found (404)', async () => {
    const alice = await phones.phone(uniqueName('alice'));
    const id = alice.engine.call('nobody-by-this-name');
    const ended = await alice.waitForCall(id, 'ended');
    expect(ended).toMatchObject({ endReason: 'not-found', endStatus: { code: 404 } });
  });

  it('offline user → unavailable (480)', async () => {
    const alice = await phones.phone(uniqueName('alice'));
    const offline = uniqueName('offline');
    await service.createAccount(offline);
    const id = alice.engine.call(offline);
    const ended = await alice.waitForCall(id, 'ended');
    expect(ended).toMatchObject({ endReason: 'unavailable', endStatus: { code: 480 } });
  });

  it('nobody answers → no-answer (408) after the service timeout', async () => {
    const alice = await phones.phone(uniqueName('alice'));
    const bobName = uniqueName('bob');
    const bob = await phones.phone(bobName);
    const id = alice.engine.call(bobName);
    const incoming = await bob.waitForIncoming();
    const ended = await alice.waitForCall(id, 'ended', 10_000);
    expect(ended).toMatchObject({ endReason: 'no-answer', endStatus: { code: 408 } });
    // The callee stopped ringing too (the proxy CANCELled its branch).
    const bobEnded = await bob.waitForCall(incoming.id, 'ended');
    expect(bobEnded.endReason).toBe('cancelled');
  });

  it('busy: a call to someone already on a call, with call waiting off → busy (486)', async () => {
    const alice = await phones.phone(uniqueName('alice'));
    const bobName = uniqueName('bob');
    const bob = await phones.phone(bobName, { engine: { callWaiting: () => false } });
    const carol = await phones.phone(uniqueName('carol'));
    const first = alice.engine.call(bobName);
    const incoming = await bob.waitForIncoming();
    await bob.engine.answer(incoming.id);
    await alice.waitForCall(first, 'active');
    const second = carol.engine.call(bobName);
    const ended = await carol.waitForCall(second, 'ended');
    expect(ended).toMatchObject({ endReason: 'busy', endStatus: { code: 486 } });
    expect(bob.engine.getSnapshot().calls.filter((c) => c.state !== 'ended')).toHaveLength(1);
  });

  it('call waiting (on by default): a second call rings beside the first, a third gets busy (486)', async () => {
    const alice = await phones.phone(uniqueName('alice'));
    const bobName = uniqueName('bob');
    const bob = await phones.phone(bobName);
    const carol = await phones.phone(uniqueName('carol'));
    const dave = await phones.phone(uniqueName('dave'));
    const first = alice.engine.call(bobName);
    await bob.engine.answer((await bob.waitForIncoming()).id);
    await alice.waitForCall(first, 'active');
    const second = carol.engine.call(bobName);
    await carol.waitForCall(second, 'ringing');
    const waiting = await bob.waitForIncoming();
    const third = dave.engine.call(bobName);
    expect(await dave.waitForCall(third, 'ended')).toMatchObject({
      endReason: 'busy',
      endStatus: { code: 486 },
    });
    await bob.engine.decline(waiting.id);
    expect(await carol.waitForCall(second, 'ended')).toMatchObject({ endReason: 'declined' });
  });
});
