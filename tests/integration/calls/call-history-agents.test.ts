/**
 * Calls answered by the service's own user agents (they register and get calls through the proxy like
 * any phone): a call sent to voicemail unanswered is missed for the callee and answered by voicemail for
 * the caller; a call to the echo agent is the caller's alone (agents keep no history).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistoryPage } from '../../../common/call-history-types.js';
import { createNodePhone, type NodePhone } from '../../support/engine/node-phone.js';
import { apiClient } from '../../support/service/api-client.js';
import { startTestService, type TestAccount, type TestService } from '../../support/service/test-service.js';

let service: TestService;
const phones: NodePhone[] = [];

beforeAll(async () => {
  service = await startTestService({ voicemail: true, echo: true });
});
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.close()));
});
afterAll(() => service.stop());

const device = async (account: TestAccount): Promise<NodePhone> => {
  const p = await createNodePhone({
    sipUrl: service.sipUrl,
    domain: service.domain,
    username: account.username,
    password: account.password,
    engine: { userAgentString: `${account.username} phone` },
  });
  phones.push(p);
  await p.engine.start();
  return p;
};

const history = async (account: TestAccount): Promise<CallHistoryPage> => {
  await service.service.calls.settled();
  return (await apiClient(service.baseUrl).get<CallHistoryPage>('/api/calls', { token: account.token })).body;
};

describe('call history of calls answered by agents', () => {
  it('a call to an offline user goes to voicemail: missed for the callee, answered by voicemail for the caller', async () => {
    const alice = await service.createAccount('agentalice');
    const bob = await service.createAccount('agentbob');
    const caller = await device(alice);
    const id = caller.engine.call('agentbob');
    await caller.waitForCall(id, 'active', 20_000);
    await caller.waitForPackets(50);
    await caller.engine.hangup(id);

    const [mine] = (await history(alice)).entries;
    expect(mine).toMatchObject({
      direction: 'outgoing',
      outcome: 'voicemail',
      answeredBy: 'voicemail',
      answeredOn: 'Parley voicemail agent',
      device: 'agentalice phone',
    });
    expect(mine!.durationSeconds).toBeGreaterThanOrEqual(1);
    const theirs = await history(bob);
    expect(theirs.entries.map((e) => [e.direction, e.outcome, e.peer.username])).toEqual([
      ['missed', 'voicemail', 'agentalice'],
    ]);
    expect(theirs.missedUnseen).toBe(1);
  });

  it('a call to the echo agent is recorded for the caller only', async () => {
    const carol = await service.createAccount('agentcarol');
    const caller = await device(carol);
    const id = caller.engine.call('echo');
    await caller.waitForCall(id, 'active', 20_000);
    await caller.waitForPackets(10);
    await caller.engine.hangup(id);
    const [entry] = (await history(carol)).entries;
    expect(entry).toMatchObject({
      direction: 'outgoing',
      outcome: 'answered',
      peer: { username: 'echo' },
      answeredOn: 'Parley echo agent',
    });
    expect(entry!.endedAt).toBeDefined();
    expect(await service.service.store.callHistory.page('echo', 10)).toEqual([]);
  });
});
