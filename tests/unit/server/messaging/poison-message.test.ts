import { describe, expect, it } from 'vitest';
import { MESSAGE_ID_HEADER } from '../../../../common/messaging-types.js';
import { isPermanentDeliveryFailure } from '../../../../server/src/messaging/delivery-failure.js';
import { FakeDevices, makeService, settle } from './helpers.js';

describe('a message the recipient refuses for good (poison message)', () => {
  it('is marked failed with the status after a 415, the sender gets a failed receipt, and later messages are delivered in order', async () => {
    const devices = new FakeDevices();
    // The device refuses the first message with 415 and accepts everything after it.
    devices.outcome = (_u, m) =>
      m.body === 'm0'
        ? { outcome: 'failed', status: 415, reason: 'Unsupported Media Type' }
        : { outcome: 'delivered', status: 200, reason: 'OK' };
    // A retry would come after 1 ms: if the pump retried m0 the checks below would see it again.
    const svc = await makeService({ sendToDevices: devices.send, retryDelaysMs: [1] });
    for (let i = 0; i < 4; i++) expect((await svc.accept('alice', 'bob', `a${i}`, `m${i}`)).status).toBe(202);
    await svc.deliver('bob');
    await settle();

    expect(devices.chatTo('bob').map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(await svc.pendingFor('bob')).toEqual([]);
    const page = (await svc.page('alice', 'bob')).messages;
    expect(page.map((m) => [m.id, m.state])).toEqual([
      ['a0', 'failed'],
      ['a1', 'delivered'],
      ['a2', 'delivered'],
      ['a3', 'delivered'],
    ]);
    expect(page[0]?.failure).toEqual({ status: 415, reason: 'Unsupported Media Type' });
    const receipts = devices.receiptsTo('alice');
    expect(receipts.filter((r) => r.type === 'failed')).toEqual([
      expect.objectContaining({
        peer: 'bob',
        ids: ['a0'],
        failure: { status: 415, reason: 'Unsupported Media Type' },
      }),
    ]);
    expect(receipts.filter((r) => r.type === 'delivered').flatMap((r) => r.ids)).toEqual(['a1', 'a2', 'a3']);

    // Nothing is retried later (proving an absence takes time: 20× the 1 ms retry delay), and a new
    // message goes straight through.
    await new Promise((r) => setTimeout(r, 20));
    await svc.accept('alice', 'bob', 'a4', 'm4');
    await settle();
    await svc.deliver('bob');
    expect(devices.chatTo('bob').map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    await svc.close();
  });

  it("the sender's Retry (same id) makes a failed message pending again and delivers it", async () => {
    const devices = new FakeDevices();
    let refuse = true;
    devices.outcome = () =>
      refuse ? { outcome: 'failed', status: 488, reason: 'Not Acceptable Here' } : 'delivered';
    const svc = await makeService({ sendToDevices: devices.send });
    await svc.accept('alice', 'bob', 'a0', 'm0');
    await svc.deliver('bob');
    await settle();
    expect((await svc.page('alice', 'bob')).messages[0]).toMatchObject({
      state: 'failed',
      failure: { status: 488 },
    });

    refuse = false;
    const again = await svc.accept('alice', 'bob', 'a0', 'm0');
    expect(again).toMatchObject({ status: 200, message: { id: 'a0', state: 'sent' } });
    expect(again.status === 200 && again.message.failure).toBeFalsy();
    await settle();
    await svc.deliver('bob');
    expect((await svc.page('alice', 'bob')).messages.map((m) => m.state)).toEqual(['delivered']);
    expect(devices.chatTo('bob').map((m) => m.headers[MESSAGE_ID_HEADER])).toEqual(['a0', 'a0']);
    await svc.close();
  });

  it('retries transient failures (480, 503, no status) with backoff, then marks the message failed after the cap and moves on', async () => {
    const devices = new FakeDevices();
    const answers: ({ outcome: 'failed'; status: number; reason: string } | 'failed')[] = [
      { outcome: 'failed', status: 480, reason: 'Temporarily Unavailable' },
      'failed',
      { outcome: 'failed', status: 503, reason: 'Service Unavailable' },
    ];
    let i = 0;
    devices.outcome = (_u, m) => (m.body === 'm0' ? answers[i++ % answers.length]! : 'delivered');
    const svc = await makeService({
      sendToDevices: devices.send,
      retryDelaysMs: [1],
      maxDeliveryAttempts: 3,
    });
    await svc.accept('alice', 'bob', 'a0', 'm0');
    await svc.accept('alice', 'bob', 'a1', 'm1');
    await expect.poll(async () => (await svc.pendingFor('bob')).length).toBe(0);
    await settle();
    expect(devices.chatTo('bob').map((m) => m.body)).toEqual(['m0', 'm0', 'm0', 'm1']);
    expect((await svc.page('alice', 'bob')).messages.map((m) => [m.state, m.failure?.status])).toEqual([
      ['failed', 503],
      ['delivered', undefined],
    ]);
    await svc.close();
  });

  it('classifies device answers: final refusals are permanent, busy/unavailable/timeouts are not', async () => {
    for (const s of [400, 403, 404, 413, 415, 416, 488, 501, 513, 603, 604, 606]) {
      expect(isPermanentDeliveryFailure(s), String(s)).toBe(true);
    }
    for (const s of [200, 408, 480, 486, 487, 491, 500, 503, 504, 600]) {
      expect(isPermanentDeliveryFailure(s), String(s)).toBe(false);
    }
  });
});
