/**
 * The plain SIP peers the relay tests rely on: linphonec and baresip on ports of their own call each
 * other directly over UDP (no Parley: if this fails, the other failures are about the peers), then
 * through Parley over UDP, both registered with digest, carrying each one's known tone to the other.
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
    await baresip.control.waitForType('CALL_ESTABLISHED');

    // Let 2 s of audio reach baresip's recording (no event marks "heard enough": its file's length does).
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
    await baresip.control.waitForType('CALL_ESTABLISHED');
    await pollUntil(
      async () => wavSecondsWritten((await baresip.recordings()).at(-1) ?? ''),
      (seconds) => seconds >= 2,
      10_000,
      "2 s in baresip's recording",
    );
    await baresip.hangup();
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
