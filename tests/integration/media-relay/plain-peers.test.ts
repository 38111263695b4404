/**
 * The plain SIP peers the relay tests rely on: linphonec and baresip on ports of their own call each
 * other directly over UDP (no Parley: if this fails, the other failures are about the peers), then
 * through Parley over UDP, both registered with digest, carrying each one's known tone to the other.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningService } from '../../../server/src/service.js';
import { startBaresip, type Baresip } from '../../support/peers/baresip.js';
import { startLinphonec, type Linphonec } from '../../support/peers/linphonec.js';
import {
  BARESIP_HZ,
  expectTonesBothWaysThenHangUp,
  LINPHONE_HZ,
} from '../../support/peers/linphonec-baresip-call.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

describe('plain SIP peers (linphonec ⇄ baresip, direct)', () => {
  let baresip: Baresip;
  let linphonec: Linphonec;

  beforeAll(async () => {
    [baresip, linphonec] = await Promise.all([
      startBaresip({ toneHz: BARESIP_HZ }),
      startLinphonec({ toneHz: LINPHONE_HZ }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([baresip?.stop(), linphonec?.stop()]);
  });

  it('linphonec calls baresip: each hears the other tone; linphonec hangs up', async () => {
    const from = linphonec.mark();
    linphonec.send(`call ${baresip.uri}`);
    await linphonec.waitForLine(/Call \d+ with \S+ connected\./, 10_000, from);
    await expectTonesBothWaysThenHangUp({ baresip, linphonec }, from, 'linphonec');
  });
});

describe('linphonec ⇄ baresip through Parley over UDP', () => {
  let test: TestService;
  let service: RunningService;
  let baresip: Baresip;
  let linphonec: Linphonec;

  beforeAll(async () => {
    test = await startTestService({ sip: { sipUdp: { host: '127.0.0.1', port: 0 } } });
    service = test.service;
    await test.createAccount('bob', 'bob-phone-secret');
    await test.createAccount('carol', 'carol-phone-secret');
    const udp = service.sip.listeners.find((l) => l.protocol === 'udp');
    if (udp === undefined) throw new Error('the service opened no UDP listener');
    const hostPort = `127.0.0.1:${udp.port}`;
    [baresip, linphonec] = await Promise.all([
      startBaresip({
        user: 'bob',
        toneHz: BARESIP_HZ,
        registrar: { hostPort, domain: 'localhost', password: 'bob-phone-secret' },
      }),
      startLinphonec({
        user: 'carol',
        toneHz: LINPHONE_HZ,
        registrar: { hostPort, domain: 'localhost', password: 'carol-phone-secret' },
      }),
    ]);
    await Promise.all([baresip.registered(), linphonec.registered()]);
  });
  afterAll(async () => {
    await Promise.all([baresip?.stop(), linphonec?.stop()]);
    await test?.stop();
  });

  it('linphonec calls bob@localhost: each hears the other tone; baresip hangs up', async () => {
    const from = linphonec.mark();
    linphonec.send('call sip:bob@localhost');
    await linphonec.waitForLine(/Call \d+ with \S+ connected\./, 10_000, from);
    await expectTonesBothWaysThenHangUp({ baresip, linphonec }, from, 'baresip');
  });
});
