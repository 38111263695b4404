/**
 * The plain SIP peers the relay tests rely on, calling each other directly over UDP (no Parley, no
 * relay): linphonec and baresip start on ports of their own, set up a call, carry each one's known tone
 * to the other, and hang up. If this fails, the relay tests' failures are about the peers, not the relay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../../support/browser/audio-stats.js';
import { startBaresip, type Baresip } from '../../support/peers/baresip.js';
import { startLinphonec, type Linphonec } from '../../support/peers/linphonec.js';
import { checkTone, readWavMono, wavSecondsWritten } from '../../support/peers/tone.js';

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
