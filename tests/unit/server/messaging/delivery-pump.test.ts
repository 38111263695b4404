import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../common/logger.js';
import { MESSAGE_ID_HEADER, MESSAGE_SEQ_HEADER } from '../../../../common/messaging-types.js';
import { MessagingService } from '../../../../server/src/messaging/messaging-service.js';
import { openStore } from '../../../../server/src/store/open-store.js';
import { openMemoryStore } from '../../../support/store/memory-store.js';
import { FakeDevices, USERS, makeService, settle, tempDataDir } from './helpers.js';

describe('delivery pump', () => {
  it('delivers pending messages in order, once each, when the recipient comes online, then sends delivered receipts', async () => {
    const devices = new FakeDevices();
    devices.outcome = () => 'offline';
    const svc = await makeService({ sendToDevices: devices.send });
    for (let i = 0; i < 5; i++) await svc.accept('alice', 'bob', `a${i}`, `m${i}`);
    await settle();
    expect(await svc.pendingFor('bob')).toHaveLength(5);

    devices.sent.length = 0;
    devices.outcome = () => 'delivered';
    // Several REGISTERs at once (two devices) must not duplicate anything.
    svc.onBindingAdded('bob');
    svc.onBindingAdded('bob');
    await svc.deliver('bob');
    await settle();
    const chat = devices.chatTo('bob');
    expect(chat.map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(chat.map((m) => m.headers[MESSAGE_ID_HEADER])).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(chat.map((m) => Number(m.headers[MESSAGE_SEQ_HEADER]))).toEqual([1, 2, 3, 4, 5]);
    expect(chat[0]).toMatchObject({ fromUri: 'sip:alice@example.test', toUri: 'sip:bob@example.test' });
    expect(await svc.pendingFor('bob')).toEqual([]);
    expect((await svc.page('alice', 'bob')).messages.every((m) => m.state === 'delivered')).toBe(true);
    const receipts = devices.receiptsTo('alice');
    expect(receipts.flatMap((r) => r.ids)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(receipts.every((r) => r.type === 'delivered' && r.peer === 'bob')).toBe(true);
    expect(devices.sent.find((s) => s.user === 'alice')?.message.fromUri).toBe('sip:parley@example.test');

    await svc.deliver('bob');
    expect(devices.chatTo('bob')).toHaveLength(5);
  });

  it('delivers a message right after accepting it when the recipient is online', async () => {
    const devices = new FakeDevices();
    const svc = await makeService({ sendToDevices: devices.send });
    expect((await svc.accept('alice', 'bob', 'x', 'live')).status).toBe(202);
    await settle();
    expect(devices.chatTo('bob').map((m) => m.body)).toEqual(['live']);
    expect(await svc.pendingFor('bob')).toEqual([]);
  });

  it('stops at a failed message so later ones never overtake it, and retries with backoff', async () => {
    const devices = new FakeDevices();
    let fail = true;
    devices.outcome = (_u, m) => (fail && m.body === 'm1' ? 'failed' : 'delivered');
    const svc = await makeService({ sendToDevices: devices.send, retryDelaysMs: [5] });
    await svc.accept('alice', 'bob', 'a0', 'm0');
    await svc.accept('alice', 'bob', 'a1', 'm1');
    await svc.accept('alice', 'bob', 'a2', 'm2');
    await svc.deliver('bob');
    expect(devices.chatTo('bob').map((m) => m.body)).toEqual(['m0', 'm1']);
    fail = false;
    await expect.poll(async () => (await svc.pendingFor('bob')).length).toBe(0);
    await settle();
    expect(devices.chatTo('bob').map((m) => m.body)).toEqual(['m0', 'm1', 'm1', 'm2']);
    await svc.close();
  });

  it('treats a throwing sender as a failure, not a crash', async () => {
    const svc = await makeService({
      sendToDevices: () => Promise.reject(new Error('socket closed')),
      retryDelaysMs: [60_000],
    });
    await svc.accept('alice', 'bob', 'a0', 'm0');
    await svc.deliver('bob');
    expect(await svc.pendingFor('bob')).toHaveLength(1);
    await svc.close();
  });

  it('sends a read receipt to the sender when the recipient reads', async () => {
    const devices = new FakeDevices();
    const svc = await makeService({ sendToDevices: devices.send });
    await svc.accept('alice', 'bob', 'a0', 'm0');
    await svc.accept('alice', 'bob', 'a1', 'm1');
    await settle();
    const { marked } = await svc.markRead('bob', 'alice');
    expect(marked).toBe(2);
    await settle();
    expect(devices.receiptsTo('alice').filter((r) => r.type === 'read')).toEqual([
      expect.objectContaining({ peer: 'bob', ids: ['a0', 'a1'] }),
    ]);
  });

  it('takes no lease and sends nothing for a recipient without devices here, and delivers once one registers', async () => {
    const devices = new FakeDevices();
    const store = await openMemoryStore();
    let claims = 0;
    const messages = {
      ...store.messages,
      claimDelivery: (...args: Parameters<typeof store.messages.claimDelivery>) => {
        claims++;
        return store.messages.claimDelivery(...args);
      },
    };
    let online = false;
    const svc = new MessagingService({
      store: messages,
      domain: 'example.test',
      userExists: async (u) => USERS.has(u),
      logger: silentLogger,
      sendToDevices: devices.send,
      hasDevices: () => online,
    });
    for (let i = 0; i < 5; i++) expect((await svc.accept('alice', 'bob', `a${i}`, `m${i}`)).status).toBe(202);
    await settle();
    expect(claims).toBe(0);
    expect(devices.chatTo('bob')).toEqual([]);
    online = true;
    svc.onBindingAdded('bob');
    await svc.deliver('bob');
    expect(claims).toBeGreaterThan(0);
    expect(devices.chatTo('bob').map((m) => m.body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    await svc.close();
  });

  it('survives a restart: messages accepted before are found and delivered after reopening the file', async () => {
    const dataDir = tempDataDir();
    const store1 = await openStore({ dataDir });
    const first = new MessagingService({
      store: store1.messages,
      domain: 'example.test',
      userExists: async (u) => USERS.has(u),
      logger: silentLogger,
    });
    expect((await first.accept('alice', 'bob', 'a0', 'before restart 1')).status).toBe(202);
    expect((await first.accept('carol', 'bob', 'c0', 'before restart 2')).status).toBe(202);
    await first.close();
    await store1.close();

    const store2 = await openStore({ dataDir });
    const devices = new FakeDevices();
    const second = new MessagingService({
      store: store2.messages,
      domain: 'example.test',
      userExists: async (u) => USERS.has(u),
      logger: silentLogger,
      sendToDevices: devices.send,
    });
    expect((await second.pendingFor('bob')).map((m) => m.body)).toEqual([
      'before restart 1',
      'before restart 2',
    ]);
    // A sender retrying across the restart is still deduplicated.
    expect((await second.accept('alice', 'bob', 'a0', 'before restart 1')).status).toBe(200);
    second.onBindingAdded('bob');
    await second.deliver('bob');
    expect(devices.chatTo('bob').map((m) => m.body)).toEqual(['before restart 1', 'before restart 2']);
    expect(await second.pendingFor('bob')).toEqual([]);
    await second.close();
    await store2.close();
  });
});

describe('receipts for plain SIP phones', () => {
  it('sends no delivered or read receipts for messages identified only by Call-ID', async () => {
    const devices = new FakeDevices();
    const svc = await makeService({ sendToDevices: devices.send });
    await svc.handleSipMessage({
      fromUser: 'carol',
      toUser: 'bob',
      contentType: 'text/plain',
      body: 'hi',
      messageId: undefined,
      callId: 'c1@h',
    });
    await settle();
    expect(devices.chatTo('bob').map((m) => m.body)).toEqual(['hi']);
    expect(await svc.markRead('bob', 'carol')).toMatchObject({ marked: 1, receipts: [] });
    await settle();
    expect(devices.receiptsTo('carol')).toEqual([]);
  });
});
