/**
 * A call from the phone network to a DID that nobody answers goes to voicemail (issue 11: "unanswered,
 * it goes to voicemail like any other call"). The real gateway file (the shipped example: DID +15550100
 * rings alice) with its trunk at a carrier of the test; alice's device is registered and never answers;
 * after the no-answer time the proxy diverts the gateway's inbound leg to the voicemail agent (werift,
 * Opus) through a real rtpengine, which transcodes the carrier's PCMU. The carrier's tone must arrive by
 * mail (real Exim) in the voicemail's audio.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCarrierCaller, type CarrierCaller } from '../../support/gateway/raw-carrier-caller.js';
import {
  alice,
  expectToneVoicemail,
  startPlainVoicemailRig,
  type PlainVoicemailRig,
} from '../../support/voicemail/plain-voicemail-rig.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DID = '+15550100';
const CARRIER_HZ = 880;
/** How long the carrier "speaks" after the beep. */
const SPEAK_MS = 3000;

describe('a DID call nobody answers goes to voicemail', () => {
  let rig: PlainVoicemailRig;
  let carrier: CarrierCaller;

  beforeAll(async () => {
    carrier = await startCarrierCaller({ toneHz: CARRIER_HZ });
    rig = await startPlainVoicemailRig({
      name: 'did-voicemail',
      // The shipped example gateway file, its trunk pointed at this test's carrier.
      config: async (dir) => {
        const example = await fs.readFile(path.join(ROOT, 'deploy/gateway.example.json'), 'utf8');
        const gatewayFile = path.join(dir, 'gateway.json');
        await fs.writeFile(gatewayFile, example.replace('127.0.0.1:5090', `127.0.0.1:${carrier.port}`));
        return { gatewayFile, ratesFile: path.join(ROOT, 'deploy/rates.example.csv') };
      },
    });
  });

  afterAll(async () => {
    carrier?.close();
    await rig?.stop();
  });

  it('rings alice, then the voicemail agent answers the carrier; its PCMU tone arrives by mail', async () => {
    const answered = carrier.call(DID, '+442079460018', rig.udpPort);
    // Alice's device rings (the DID belongs to her) and nobody answers; the proxy cancels it.
    const ringing = await rig.alicePhone.nextCall();
    expect(ringing.invitation.request.getHeader('From')).toMatch(/\+442079460018/);
    await ringing.cancelled;

    // The voicemail agent answers the carrier's call, plays the greeting and the beep, then records.
    expect(await answered).toMatch(/^SIP\/2\.0 200 /);
    const recording = await rig.agent.next('recording');
    expect(recording.callee).toBe(alice.username);
    await new Promise((resolve) => setTimeout(resolve, SPEAK_MS)); // the carrier speaks: the message
    expect(await carrier.bye()).toBe(200);
    const queued = await rig.agent.next('queued');
    expect(queued.callId).toBe(recording.callId);

    // The carrier's tone, transcoded PCMU → Opus by rtpengine, is what the voicemail holds.
    await expectToneVoicemail(rig, { toneHz: CARRIER_HZ, speakMs: SPEAK_MS, subject: /^Voicemail from / });
  });
});
