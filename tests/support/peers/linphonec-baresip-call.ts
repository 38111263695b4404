/**
 * The end of a linphonec ⇄ baresip call the plain-peer tests share: with the call connected on both,
 * let 2 s of audio reach baresip's recording, hang up from one side, and check that each peer heard the
 * other's tone (baresip plays `BARESIP_HZ`, linphonec `LINPHONE_HZ`).
 */
import { expect } from 'vitest';
import { pollUntil } from '../browser/audio-stats.js';
import type { Baresip } from './baresip.js';
import type { Linphonec } from './linphonec.js';
import { checkTone, readWavMono, wavSecondsWritten } from './tone.js';

export const LINPHONE_HZ = 660;
export const BARESIP_HZ = 880;
const CANDIDATES = [440, LINPHONE_HZ, BARESIP_HZ, 1000];

/**
 * @param from linphonec's output mark taken before the call began (its lines are awaited from there)
 * @param hangUpBy the side that ends the call
 */
export async function expectTonesBothWaysThenHangUp(
  peers: { readonly baresip: Baresip; readonly linphonec: Linphonec },
  from: number,
  hangUpBy: 'baresip' | 'linphonec',
): Promise<void> {
  const { baresip, linphonec } = peers;
  await baresip.control.waitForType('CALL_ESTABLISHED');
  // No event marks "heard enough": the length of baresip's recording does.
  await pollUntil(
    async () => wavSecondsWritten((await baresip.recordings()).at(-1) ?? ''),
    (seconds) => seconds >= 2,
    10_000,
    "2 s in baresip's recording",
  );
  if (hangUpBy === 'linphonec') linphonec.send('terminate');
  else await baresip.hangup();
  await linphonec.waitForLine(/Call \d+ with \S+ ended/, 10_000, from);
  await baresip.control.waitForType('CALL_CLOSED');

  const atBaresip = checkTone(await readWavMono((await baresip.recordings()).at(-1) ?? ''), CANDIDATES);
  expect(atBaresip.dominant).toBe(LINPHONE_HZ);
  expect(atBaresip.rms).toBeGreaterThan(0.05);
  const atLinphonec = checkTone(await readWavMono(linphonec.recording), CANDIDATES);
  expect(atLinphonec.dominant).toBe(BARESIP_HZ);
  expect(atLinphonec.rms).toBeGreaterThan(0.05);
  expect(atLinphonec.seconds).toBeGreaterThan(1);
}
