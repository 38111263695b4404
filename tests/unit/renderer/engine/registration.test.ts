import { describe, expect, it } from 'vitest';
import { createEngineHarness } from '../../../support/engine/engine-harness.js';

describe('phone engine registration', () => {
  it('answers the digest challenge and reaches registered', async () => {
    const h = createEngineHarness();
    expect(h.engine.getSnapshot().registration.state).toBe('idle');
    const started = h.engine.start();
    expect(h.engine.getSnapshot().registration.state).toBe('connecting');
    const first = await h.server.nextRequest('REGISTER');
    expect(first.getHeader('authorization')).toBeUndefined();
    h.server.challenge(first);
    const second = await h.server.nextRequest('REGISTER');
    expect(second.getHeader('authorization')).toMatch(/Digest .*username="alice"/);
    h.server.acceptRegister(second);
    await started;
    expect(h.engine.getSnapshot().registration).toEqual({ state: 'registered' });
  });

  it('fails with "Wrong username or password" when the credentials are refused', async () => {
    const h = createEngineHarness();
    const started = h.engine.start();
    h.server.challenge(await h.server.nextRequest('REGISTER'));
    h.server.challenge(await h.server.nextRequest('REGISTER'));
    await expect(started).rejects.toThrow('Wrong username or password');
    expect(h.engine.getSnapshot().registration).toEqual({
      state: 'failed',
      error: 'Wrong username or password',
    });
  });

  it('fails the same way on 403 Forbidden', async () => {
    const h = createEngineHarness();
    const started = h.engine.start();
    h.server.reply(await h.server.nextRequest('REGISTER'), 403);
    await expect(started).rejects.toThrow('Wrong username or password');
  });

  it('says when the service cannot be reached', async () => {
    const h = createEngineHarness();
    h.server.refuseConnections = true;
    await expect(h.engine.start()).rejects.toThrow('Cannot reach the Parley service');
    expect(h.engine.getSnapshot().registration.state).toBe('failed');
  });

  it('reconnects and registers again when the WebSocket drops', async () => {
    const h = createEngineHarness();
    await h.register();
    h.server.drop();
    expect(h.engine.getSnapshot().registration.state).toBe('connecting');
    const again = await h.server.nextRequest('REGISTER');
    h.server.acceptRegister(again);
    await h.until((s) => s.registration.state === 'registered');
  });

  it('keeps retrying with backoff while the service is down', async () => {
    const h = createEngineHarness();
    await h.register();
    h.server.refuseConnections = true;
    const before = h.server.connectAttempts;
    h.server.drop();
    await h.server.untilConnectAttempts(before + 3);
    expect(h.engine.getSnapshot().registration.state).toBe('connecting');
    h.server.refuseConnections = false;
    h.server.acceptRegister(await h.server.nextRequest('REGISTER'));
    await h.until((s) => s.registration.state === 'registered');
  });

  it('unregisters on stop', async () => {
    const h = createEngineHarness();
    await h.register();
    const stopping = h.engine.stop();
    const unregister = await h.server.nextRequest('REGISTER');
    expect(unregister.getHeader('contact')).toMatch(/expires=0/);
    h.server.reply(unregister, 200);
    await stopping;
    expect(h.engine.getSnapshot().registration.state).toBe('stopped');
  });
});

describe('phone engine restart', () => {
  it('registers again after stop()', async () => {
    const h = createEngineHarness();
    await h.register();
    const stopping = h.engine.stop();
    h.server.reply(await h.server.nextRequest('REGISTER'), 200);
    await stopping;
    const started = h.engine.start();
    h.server.acceptRegister(await h.server.nextRequest('REGISTER'));
    await started;
    expect(h.engine.getSnapshot().registration.state).toBe('registered');
  });

  it('can try again after the service was unreachable', async () => {
    const h = createEngineHarness();
    h.server.refuseConnections = true;
    await expect(h.engine.start()).rejects.toThrow('Cannot reach');
    h.server.refuseConnections = false;
    const started = h.engine.start();
    h.server.acceptRegister(await h.server.nextRequest('REGISTER'));
    await started;
    expect(h.engine.getSnapshot().registration.state).toBe('registered');
  });
});
