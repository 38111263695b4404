import { describe, expect, it } from 'vitest';
import { isPermanentDeliveryFailure } from '../../../../../server/src/messaging/delivery-failure.js';
import {
  ServiceDeviceSender,
  type DeviceFlow,
} from '../../../../../server/src/sip/core/local/device-sender.js';

const out = {
  fromUri: 'sip:alice@example.test',
  toUri: 'sip:bob@example.test',
  contentType: 'text/plain;charset=utf-8',
  body: 'héllo\r\nInjected: no',
  headers: { 'Parley-Message-Id': 'id-1\r\nEvil: 1', 'Parley-Seq': '3' },
};

function flows() {
  const sent = new Map<string, string[]>();
  const flow = (id: string, alive = true): DeviceFlow => ({
    transport: 'WS',
    send: (text) => {
      if (!alive) return false;
      sent.set(id, [...(sent.get(id) ?? []), text]);
      return true;
    },
  });
  return { sent, flow };
}

const branchOf = (text: string) => /branch=(z9hG4bK\w+)/.exec(text)![1]!;

describe('ServiceDeviceSender', () => {
  it('sends one MESSAGE per device and reports delivered when any answers 2xx', async () => {
    const { sent, flow } = flows();
    const fl = { f1: flow('f1'), f2: flow('f2') };
    const sender = new ServiceDeviceSender({
      viaHost: 'example.test',
      bindings: () => [
        { uri: 'sip:x1@a.invalid;transport=ws', flowId: 'f1' },
        { uri: 'sip:x2@b.invalid;transport=ws', flowId: 'f2' },
      ],
      flow: (id) => fl[id as 'f1' | 'f2'],
    });
    const outcome = sender.send('bob', out);
    const [t1] = sent.get('f1')!;
    const [t2] = sent.get('f2')!;
    expect(t1!.startsWith('MESSAGE sip:x1@a.invalid;transport=ws SIP/2.0\r\n')).toBe(true);
    expect(t1).toContain('Via: SIP/2.0/WS example.test;branch=z9hG4bK');
    expect(t1).toContain('Parley-Message-Id: id-1 Evil: 1\r\n');
    expect(t1).toContain(`Content-Length: ${Buffer.byteLength(out.body)}\r\n`);
    expect(t1!.endsWith('\r\n\r\n' + out.body)).toBe(true);
    expect(branchOf(t1!)).not.toBe(branchOf(t2!));
    expect(sender.onResponse(branchOf(t1!), 100)).toBe(true);
    expect(sender.onResponse(branchOf(t1!), 480)).toBe(true);
    expect(sender.onResponse(branchOf(t2!), 200)).toBe(true);
    expect(await outcome).toEqual({ outcome: 'delivered', status: 200, reason: 'OK' });
    expect(sender.onResponse(branchOf(t2!), 200)).toBe(false);
  });

  it('is offline without live bindings, failed when none answers 2xx, and fails fast on a closed flow', async () => {
    const { sent, flow } = flows();
    let bindings = [{ uri: 'sip:x@a.invalid', flowId: 'f1' }];
    const sender = new ServiceDeviceSender({
      viaHost: 'example.test',
      bindings: () => bindings,
      flow: (id) => (id === 'f1' ? flow('f1') : undefined),
      timeoutMs: 60_000,
    });
    const p = sender.send('bob', out);
    sender.onFlowClosed('f1');
    expect(await p).toEqual({ outcome: 'failed', status: 503, reason: 'Service Unavailable' });
    expect(sent.get('f1')).toHaveLength(1);
    bindings = [{ uri: 'sip:x@a.invalid', flowId: 'gone' }];
    expect(await sender.send('bob', out)).toEqual({ outcome: 'offline' });
  });

  it("reports the device's status and reason phrase; permanent only when no device may accept later", async () => {
    const { sent, flow } = flows();
    const fl = { f1: flow('f1'), f2: flow('f2') };
    const sender = new ServiceDeviceSender({
      viaHost: 'example.test',
      bindings: () => [
        { uri: 'sip:x1@a.invalid', flowId: 'f1' },
        { uri: 'sip:x2@b.invalid', flowId: 'f2' },
      ],
      flow: (id) => fl[id as 'f1' | 'f2'],
      isPermanentFailure: isPermanentDeliveryFailure,
    });
    const last = (id: 'f1' | 'f2') => branchOf(sent.get(id)!.at(-1)!);
    const both = sender.send('bob', out);
    sender.onResponse(last('f1'), 415, 'Unsupported\r\nMedia Type');
    sender.onResponse(last('f2'), 606, '');
    expect(await both).toEqual({ outcome: 'failed', status: 415, reason: 'Unsupported Media Type' });

    const mixed = sender.send('bob', out);
    sender.onResponse(last('f1'), 415, 'Unsupported Media Type');
    sender.onResponse(last('f2'), 486, 'Busy Here');
    expect(await mixed).toEqual({ outcome: 'failed', status: 486, reason: 'Busy Here' });
  });
});
