/**
 * Call history over real SIP: Node phones (SIP.js + werift) call each other through the real service,
 * which records every call where its proxy sees it; the history is read back over the HTTP API, and the
 * `calls` event arrives on the event stream.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistoryChange, CallHistoryPage } from '../../../common/call-history-types.js';
import { createNodePhone, type NodePhone } from '../../support/engine/node-phone.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestAccount, type TestService } from '../../support/service/test-service.js';

let service: TestService;
let api: ApiClient;
const phones: NodePhone[] = [];

beforeAll(async () => {
  service = await startTestService();
  api = apiClient(service.baseUrl);
});
afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.close()));
});
afterAll(() => service.stop());

const device = async (account: TestAccount, name: string): Promise<NodePhone> => {
  const p = await createNodePhone({
    sipUrl: service.sipUrl,
    domain: service.domain,
    username: account.username,
    password: account.password,
    engine: { userAgentString: name },
  });
  phones.push(p);
  await p.engine.start();
  return p;
};

const history = async (account: TestAccount, query = ''): Promise<CallHistoryPage> => {
  // Every report the SIP room made so far is written before reading.
  await service.service.calls.settled();
  const res = await api.get<CallHistoryPage>(`/api/calls${query}`, { token: account.token });
  expect(res.status).toBe(200);
  return res.body;
};

/** The `calls` events of one user's event stream. */
async function callEvents(token: string): Promise<{ next(): Promise<CallHistoryChange>; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${service.baseUrl}/api/events?token=${encodeURIComponent(token)}`, {
    signal: controller.signal,
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (/^event: calls$/m.test(block) && data) return JSON.parse(data) as CallHistoryChange;
          continue;
        }
        const { value, done } = await reader.read();
        if (done === true) throw new Error('stream ended');
        buffer += value;
      }
    },
    close: () => controller.abort(),
  };
}

describe('call history kept by the service', () => {
  it('a forked call answered on one device: both parties get an entry with length and the answering device', async () => {
    const alice = await service.createAccount('histalice');
    const bob = await service.createAccount('histbob');
    const caller = await device(alice, 'Alice desk');
    const bobDesk = await device(bob, 'Bob desk');
    const bobLaptop = await device(bob, 'Bob laptop');
    const id = caller.engine.call('histbob');
    const [deskCall, laptopCall] = await Promise.all([
      bobDesk.waitForIncoming(),
      bobLaptop.waitForIncoming(),
    ]);
    await bobLaptop.engine.answer(laptopCall.id);
    await bobDesk.waitForCall(deskCall.id, 'ended');
    await caller.waitForCall(id, 'active');
    await caller.waitForPackets(60); // ≥ 1.2 s of audio at 20 ms per packet
    await caller.engine.hangup(id);
    await bobLaptop.waitForCall(laptopCall.id, 'ended');

    const [a] = (await history(alice)).entries;
    expect(a).toMatchObject({
      direction: 'outgoing',
      outcome: 'answered',
      peer: { username: 'histbob', uri: `sip:histbob@${service.domain}` },
      device: 'Alice desk',
      answeredBy: 'histbob',
      answeredOn: 'Bob laptop',
    });
    expect(a!.durationSeconds).toBeGreaterThanOrEqual(1);
    expect(a!.callId).toMatch(/\S/);
    const b = (await history(bob)).entries;
    expect(b).toHaveLength(1); // one call, one entry, whatever the number of devices it rang on
    expect(b[0]).toMatchObject({
      direction: 'incoming',
      outcome: 'answered',
      callId: a!.callId,
      peer: { username: 'histalice' },
      device: 'Bob laptop',
      durationSeconds: a!.durationSeconds,
    });
    expect(Date.parse(b[0]!.endedAt!)).toBeGreaterThan(Date.parse(b[0]!.answeredAt!));
  });

  it('missed calls (cancelled, declined) raise the badge live; opening the history clears it everywhere', async () => {
    const carol = await service.createAccount('histcarol');
    const dave = await service.createAccount('histdave');
    const caller = await device(carol, 'Carol phone');
    const callee = await device(dave, 'Dave phone');
    const events = await callEvents(dave.token);
    try {
      const first = caller.engine.call('histdave');
      await callee.waitForIncoming();
      await caller.engine.hangup(first);
      expect(await events.next()).toMatchObject({ reason: 'added', missedUnseen: 1 });

      const second = caller.engine.call('histdave');
      const ringing = await callee.waitFor((s) =>
        s.calls.some((c) => c.state === 'incoming' && c.id !== first),
      );
      const incoming = ringing.calls.find((c) => c.state === 'incoming')!;
      await callee.engine.decline(incoming.id);
      await caller.waitForCall(second, 'ended');
      expect(await events.next()).toMatchObject({ reason: 'added', missedUnseen: 2 });

      const page = await history(dave);
      expect(page.missedUnseen).toBe(2);
      expect(page.entries.map((e) => [e.direction, e.outcome, e.status])).toEqual([
        ['missed', 'declined', 603],
        ['missed', 'cancelled', 487],
      ]);
      expect(page.entries[0]!.durationSeconds).toBeUndefined();
      expect((await history(carol)).entries.map((e) => [e.direction, e.outcome])).toEqual([
        ['outgoing', 'declined'],
        ['outgoing', 'cancelled'],
      ]);
      expect(await api.get('/api/calls/summary', { token: dave.token })).toMatchObject({
        status: 200,
        body: { missedUnseen: 2 },
      });
      expect(await api.post('/api/calls/seen', undefined, { token: dave.token })).toMatchObject({
        status: 200,
        body: { missedUnseen: 0 },
      });
      expect(await events.next()).toMatchObject({ reason: 'seen', missedUnseen: 0 });
      expect((await history(dave)).missedUnseen).toBe(0);
    } finally {
      events.close();
    }
  });

  it('pages newest first, deletes one entry, clears all, and answers bad requests with JSON errors', async () => {
    const erin = await service.createAccount('histerin');
    const frank = await service.createAccount('histfrank');
    const caller = await device(erin, 'Erin phone');
    await device(frank, 'Frank phone');
    const callIds: string[] = [];
    const events = await callEvents(erin.token);
    for (let i = 0; i < 3; i++) {
      const id = caller.engine.call('histfrank');
      await caller.waitForCall(id, 'ringing');
      await caller.engine.hangup(id);
      // SIP.js ends the call at once; the service records it when the 487 passes.
      expect(await events.next()).toMatchObject({ reason: 'added' });
    }
    events.close();
    const one = await history(erin, '?limit=2');
    expect(one.entries).toHaveLength(2);
    expect(one.nextCursor).toBeDefined();
    const two = await history(erin, `?limit=2&before=${encodeURIComponent(one.nextCursor!)}`);
    expect(two.entries).toHaveLength(1);
    expect(two.nextCursor).toBeUndefined();
    const all = [...one.entries, ...two.entries];
    callIds.push(...all.map((e) => e.id));
    expect(new Set(callIds).size).toBe(3);
    expect(all.map((e) => Date.parse(e.startedAt))).toEqual(
      [...all.map((e) => Date.parse(e.startedAt))].sort((x, y) => y - x),
    );

    expect((await api.delete(`/api/calls/${callIds[0]}`, { token: erin.token })).status).toBe(204);
    // Someone else's entry, or a second delete: 404, nothing else touched.
    const frankFirst = (await history(frank)).entries[0]!.id;
    expect(await api.delete(`/api/calls/${frankFirst}`, { token: erin.token })).toMatchObject({
      status: 404,
      body: { error: { code: 'call_not_found' } },
    });
    expect((await api.delete(`/api/calls/${callIds[0]}`, { token: erin.token })).status).toBe(404);
    expect((await history(erin)).entries.map((e) => e.id)).toEqual(callIds.slice(1));
    expect((await history(frank)).entries).toHaveLength(3);

    expect((await api.delete('/api/calls', { token: erin.token })).status).toBe(204);
    expect((await history(erin)).entries).toEqual([]);
    expect((await history(frank)).entries).toHaveLength(3);

    expect(await api.get('/api/calls?limit=0', { token: erin.token })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_limit' } },
    });
    expect(await api.get('/api/calls?before=nonsense', { token: erin.token })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_cursor' } },
    });
    expect((await api.get('/api/calls')).status).toBe(401);
    expect((await api.post('/api/calls/seen')).status).toBe(401);
    expect((await api.delete('/api/calls')).status).toBe(401);
  });

  it('a call to a user with no device is missed (480) and survives a restart of the service', async () => {
    const gina = await service.createAccount('histgina');
    const hank = await service.createAccount('histhank');
    const caller = await device(gina, 'Gina phone');
    const id = caller.engine.call('histhank');
    await caller.waitForCall(id, 'ended');
    await service.service.calls.settled();
    await service.restart();
    const page = await history(hank);
    expect(page.entries.map((e) => [e.direction, e.outcome, e.peer.username])).toEqual([
      ['missed', 'no-answer', 'histgina'],
    ]);
    expect(page.missedUnseen).toBe(1);
  });
});
