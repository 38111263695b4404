/**
 * linphonec 5.1 (a real plain-SIP softphone from Debian) registers to Parley over TCP with digest and
 * takes a call there: it listens on TCP alone (no UDP socket at all), so the binding the service shows
 * online and the INVITE that reaches it can only have travelled over TCP (RFC 3261 §18.2). The caller,
 * baresip, is on UDP: the proxy bridges the two transports and each hears the other's tone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../../server/src/service.js';
import { startBaresip, type Baresip } from '../../support/peers/baresip.js';
import { startLinphonec, type Linphonec } from '../../support/peers/linphonec.js';
import {
  BARESIP_HZ,
  expectTonesBothWaysThenHangUp,
  LINPHONE_HZ,
} from '../../support/peers/linphonec-baresip-call.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

describe('linphonec over TCP with digest', () => {
  let test: TestService;
  let service: RunningService;
  let baresip: Baresip;
  let linphonec: Linphonec;

  beforeAll(async () => {
    test = await startTestService({
      sip: { sipUdp: { host: '127.0.0.1', port: 0 }, sipTcp: { host: '127.0.0.1', port: 0 } },
    });
    service = test.service;
    await test.createAccount('bob', 'bob-phone-secret');
    await test.createAccount('carol', 'carol-phone-secret');
  });
  afterAll(async () => {
    await Promise.all([baresip?.stop(), linphonec?.stop()]);
    await test?.stop();
  });

  const port = (protocol: 'udp' | 'tcp'): number => {
    const listener = service.sip.listeners.find((l) => l.protocol === protocol);
    if (listener === undefined) throw new Error(`the service opened no ${protocol} listener`);
    return listener.port;
  };

  it('registers: the service shows carol online only once linphonec (TCP alone) registered', async () => {
    expect(service.sip.presenceOf('carol')).toBe('offline');
    linphonec = await startLinphonec({
      user: 'carol',
      toneHz: LINPHONE_HZ,
      transport: 'tcp',
      registrar: {
        hostPort: `127.0.0.1:${port('tcp')}`,
        domain: 'localhost',
        password: 'carol-phone-secret',
      },
    });
    await linphonec.registered();
    expect(service.sip.presenceOf('carol')).toBe('online');
  });

  it('baresip (UDP) calls carol@localhost: the INVITE reaches linphonec over TCP; tone both ways', async () => {
    baresip = await startBaresip({
      user: 'bob',
      toneHz: BARESIP_HZ,
      registrar: { hostPort: `127.0.0.1:${port('udp')}`, domain: 'localhost', password: 'bob-phone-secret' },
    });
    await baresip.registered();
    const from = linphonec.mark();
    await baresip.dial('sip:carol@localhost');
    await linphonec.waitForLine(/Receiving new incoming call/, 10_000, from);
    linphonec.send('answer');
    await linphonec.waitForLine(/Call \d+ with \S+ connected\./, 10_000, from);
    await expectTonesBothWaysThenHangUp({ baresip, linphonec }, from, 'linphonec');
  });
});
