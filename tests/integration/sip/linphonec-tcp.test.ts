/**
 * linphonec 5.1 (a real plain-SIP softphone from Debian) registers to Parley over TCP with digest and
 * takes a call there: it listens on TCP alone (no UDP socket at all), so the binding the service shows
 * online and the INVITE that reaches it can only have travelled over TCP (RFC 3261 §18.2). The caller,
 * baresip, is on UDP: the proxy bridges the two transports and each hears the other's tone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../../server/src/service.js';
import { pollUntil } from '../../support/browser/audio-stats.js';
import { startBaresip, type Baresip } from '../../support/peers/baresip.js';
import { startLinphonec, type Linphonec } from '../../support/peers/linphonec.js';
import { checkTone, readWavMono, wavSecondsWritten } from '../../support/peers/tone.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

const LINPHONE_HZ = 660;
const BARESIP_HZ = 880;
const CANDIDATES = [440, LINPHONE_HZ, BARESIP_HZ, 1000];

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
    await baresip.control.waitForType('CALL_ESTABLISHED');
    await pollUntil(
      async () => wavSecondsWritten((await baresip.recordings()).at(-1) ?? ''),
      (seconds) => seconds >= 2,
      10_000,
      "2 s in baresip's recording",
    );
    linphonec.send('terminate');
    await linphonec.waitForLine(/Call \d+ with \S+ ended/, 10_000, from);
    await baresip.control.waitForType('CALL_CLOSED');

    const atBaresip = checkTone(await readWavMono((await baresip.recordings()).at(-1) ?? ''), CANDIDATES);
    expect(atBaresip.dominant).toBe(LINPHONE_HZ);
    expect(atBaresip.rms).toBeGreaterThan(0.05);
    const atLinphonec = checkTone(await readWavMono(linphonec.recording), CANDIDATES);
    expect(atLinphonec.dominant).toBe(BARESIP_HZ);
    expect(atLinphonec.rms).toBeGreaterThan(0.05);
    expect(atLinphonec.seconds).toBeGreaterThan(1);
  });
});
