import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodePhone } from '../../support/engine/node-phone.js';
import type { NodePhone } from '../../support/engine/node-phone.js';
import { startTestService } from '../../support/service/test-service.js';
import type { TestService } from '../../support/service/test-service.js';

describe('engine registration against the real service', () => {
  let service: TestService;
  const phones: NodePhone[] = [];
  beforeAll(async () => {
    service = await startTestService();
  });
  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await service.stop();
  });

  const phone = async (username: string, password: string): Promise<NodePhone> => {
    const p = await createNodePhone({ sipUrl: service.sipUrl, domain: service.domain, username, password });
    phones.push(p);
    return p;
  };

  it('registers with the account password', async () => {
    const account = await service.createAccount('regpass');
    const p = await phone('regpass', account.password);
    await p.engine.start();
    expect(p.engine.getSnapshot().registration).toEqual({ state: 'registered' });
  });

  it('registers with a session token as digest password', async () => {
    const account = await service.createAccount('regtoken');
    const p = await phone('regtoken', account.token);
    await p.engine.start();
    expect(p.engine.getSnapshot().registration.state).toBe('registered');
  });

  it('refuses a wrong password with a clear reason', async () => {
    await service.createAccount('regwrong');
    const p = await phone('regwrong', 'not-the-password');
    await expect(p.engine.start()).rejects.toThrow('Wrong username or password');
    expect(p.engine.getSnapshot().registration).toEqual({
      state: 'failed',
      error: 'Wrong username or password',
    });
  });

  it('re-registers after the service restarts (WebSocket dropped)', async () => {
    const account = await service.createAccount('regagain');
    const p = await createNodePhone({
      sipUrl: service.sipUrl,
      domain: service.domain,
      username: 'regagain',
      password: account.password,
      engine: { reconnectDelayMs: { initial: 50, max: 500 } },
    });
    phones.push(p);
    await p.engine.start();
    const states: string[] = [];
    p.engine.subscribe(() => states.push(p.engine.getSnapshot().registration.state));
    await service.restart();
    await p.waitFor((s) => s.registration.state === 'registered' && states.includes('connecting'), 15_000);
    expect(states).toContain('connecting');
  });
});
