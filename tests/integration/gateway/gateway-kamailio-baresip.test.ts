/**
 * The gateway against a real phone network edge (issue 11): Kamailio plays the carrier, with a baresip
 * behind it standing for a phone on the phone network; a baresip registered to Parley over UDP is the
 * local user. A call each way, each side playing its own tone: each must hear the other's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../support/browser/audio-stats.js';
import {
  createTestGatewayPolicy,
  trunk,
  type TestGatewayPolicy,
} from '../../support/gateway/test-gateway-policy.js';
import { startBaresip, type Baresip } from '../../support/peers/baresip.js';
import { startKamailioCarrier, type KamailioCarrier } from '../../support/peers/kamailio-carrier.js';
import { checkTone, readWavMono, wavSecondsWritten } from '../../support/peers/tone.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

const USER_HZ = 880;
const PSTN_HZ = 660;
const CANDIDATES = [440, PSTN_HZ, USER_HZ, 1000];
const DID = '+15550100';

let test: TestService;
let policy: TestGatewayPolicy;
let kamailio: KamailioCarrier;
let pstn: Baresip;
let alice: Baresip;

beforeAll(async () => {
  policy = createTestGatewayPolicy({ trunks: [], dids: [{ number: DID, user: 'alice' }] });
  test = await startTestService({
    sip: { sipUdp: { host: '127.0.0.1', port: 0 } },
    serviceOptions: { gatewayPolicy: policy },
  });
  await test.createAccount('alice', 'alice-phone-secret');
  policy.allowed.add('alice');
  const sipPort = test.service.sip.listeners.find((l) => l.protocol === 'udp')!.port;
  pstn = await startBaresip({ user: 'pstn', toneHz: PSTN_HZ });
  kamailio = await startKamailioCarrier({ parleyPort: sipPort, phonePort: pstn.sipPort });
  policy.setTrunks([trunk('kamailio', kamailio.port)]);
  alice = await startBaresip({
    user: 'alice',
    toneHz: USER_HZ,
    registrar: { hostPort: `127.0.0.1:${sipPort}`, domain: 'localhost', password: 'alice-phone-secret' },
  });
  await alice.registered();
});
afterAll(async () => {
  await Promise.all([alice?.stop(), pstn?.stop()]);
  await kamailio?.stop();
  await test?.stop();
});

/** Waits for 2 s of audio in a baresip's newest recording. */
async function twoSecondsHeardBy(phone: Baresip, label: string): Promise<void> {
  await pollUntil(
    async () => wavSecondsWritten((await phone.recordings()).at(-1) ?? ''),
    (seconds) => seconds >= 2,
    10_000,
    `2 s in ${label}'s recording`,
  );
}

async function expectTones(): Promise<void> {
  const atPstn = checkTone(await readWavMono((await pstn.recordings()).at(-1) ?? ''), CANDIDATES);
  expect(atPstn.dominant).toBe(USER_HZ);
  expect(atPstn.rms).toBeGreaterThan(0.05);
  const atAlice = checkTone(await readWavMono((await alice.recordings()).at(-1) ?? ''), CANDIDATES);
  expect(atAlice.dominant).toBe(PSTN_HZ);
  expect(atAlice.rms).toBeGreaterThan(0.05);
}

describe('gateway ⇄ Kamailio carrier ⇄ baresip on the phone network', () => {
  it('the user calls a phone number: each side hears the other tone', async () => {
    const finished = policy.nextFinish();
    await alice.dial('sip:+442079460018@localhost');
    await Promise.all([
      pstn.control.waitForType('CALL_ESTABLISHED'),
      alice.control.waitForType('CALL_ESTABLISHED'),
    ]);
    await twoSecondsHeardBy(pstn, 'the phone network');
    await twoSecondsHeardBy(alice, 'the user');
    await alice.hangup();
    await pstn.control.waitForType('CALL_CLOSED');
    expect((await finished).outcome.cause).toBe('normal');
    await expectTones();
  });

  it('the phone network calls the DID: the user answers, each side hears the other tone', async () => {
    await pstn.dial(`sip:${DID}@127.0.0.1:${kamailio.port}`);
    await Promise.all([
      pstn.control.waitForType('CALL_ESTABLISHED'),
      alice.control.waitForType('CALL_ESTABLISHED'),
    ]);
    await twoSecondsHeardBy(pstn, 'the phone network');
    await twoSecondsHeardBy(alice, 'the user');
    await pstn.hangup();
    await alice.control.waitForType('CALL_CLOSED');
    await expectTones();
  });
});
