/**
 * Voicemail for a plain phone: a real baresip (SIP over UDP with digest, plain RTP, PCMU only) calls a
 * Parley user whose device is registered but does not answer. After the no-answer time the proxy
 * diverts the call to the voicemail agent (werift, Opus only) through a real rtpengine, which offers the
 * agent Opus beside the phone's G.711 and transcodes, sending from an SSRC of its own. The phone's tone
 * must arrive by mail (real Exim) in the voicemail's audio.
 *
 * Before the fix the agent could not answer a G.711-only offer (no common codec: 480 to the phone), and
 * once offered Opus it dropped rtpengine's transcoded RTP (an SSRC the SDP did not list): no voicemail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaresip, type Baresip } from '../../support/peers/baresip.js';
import {
  alice,
  DOMAIN,
  expectToneVoicemail,
  startPlainVoicemailRig,
  type PlainVoicemailRig,
} from '../../support/voicemail/plain-voicemail-rig.js';

const PHONE_HZ = 880;
/** How long the phone "speaks" after the beep. */
const SPEAK_MS = 3000;
const bob = { username: 'bob', password: 'bob-phone-secret' };

describe('a plain SIP phone reaches voicemail', () => {
  let rig: PlainVoicemailRig;
  let baresip: Baresip;

  beforeAll(async () => {
    rig = await startPlainVoicemailRig({ name: 'plain-voicemail', accounts: [bob] });
    baresip = await startBaresip({
      user: bob.username,
      toneHz: PHONE_HZ,
      registrar: { hostPort: `127.0.0.1:${rig.udpPort}`, domain: DOMAIN, password: bob.password },
    });
    await baresip.registered();
  });

  afterAll(async () => {
    await baresip?.stop();
    await rig?.stop();
  });

  it('no answer → the voicemail agent answers the G.711 phone; its tone arrives by mail', async () => {
    await baresip.dial(`sip:${alice.username}@${DOMAIN}`);
    // Alice's device rings (the relayed offer reaches it) and nobody answers; the proxy cancels it.
    const ringing = await rig.alicePhone.nextCall();
    expect(ringing.invitation.request.body).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m);
    await ringing.cancelled;

    // The agent answers the phone (through rtpengine), plays the greeting and the beep, then records.
    await baresip.control.waitForType('CALL_ESTABLISHED');
    const recording = await rig.agent.next('recording');
    expect(recording.callee).toBe(alice.username);
    // The phone keeps playing its tone: this is the message.
    await new Promise((resolve) => setTimeout(resolve, SPEAK_MS));
    await baresip.hangup();
    await baresip.control.waitForType('CALL_CLOSED');
    const queued = await rig.agent.next('queued');
    expect(queued.callId).toBe(recording.callId);

    // The phone's tone, transcoded PCMU → Opus by rtpengine, is what the voicemail holds.
    await expectToneVoicemail(rig, {
      toneHz: PHONE_HZ,
      speakMs: SPEAK_MS,
      subject: /^Voicemail from bob \(0:0[2-4]\)$/,
    });
  });
});
