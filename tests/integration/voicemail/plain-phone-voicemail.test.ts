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
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger.js';
import { startService, type RunningService } from '../../../server/src/service.js';
import { decodeOpus, dominantFrequency, makeToneOpus, rms } from '../../support/mail/audio-tools.js';
import { startMailServers, type MailServers } from '../../support/mail/start-mail-servers.js';
import { waitForMail } from '../../support/mail/wait-for-mail.js';
import { startBaresip, type Baresip } from '../../support/peers/baresip.js';
import { startTestRtpengine, type TestRtpengine } from '../../support/peers/rtpengine.js';
import { createTestPhone, type TestPhone } from '../../support/sip/sipjs-phone.js';
import { createAgentEventLog } from '../../support/voicemail/agent-events.js';

const DOMAIN = 'parley.test';
const PHONE_HZ = 880;
const GREETING_HZ = 300;
/** How long the phone "speaks" after the beep. */
const SPEAK_MS = 3000;
const alice = { username: 'alice', password: 'alice-secret-1' };
const bob = { username: 'bob', password: 'bob-phone-secret' };

describe('a plain SIP phone reaches voicemail', () => {
  let dir: string;
  let mail: MailServers;
  let rtpengine: TestRtpengine;
  let service: RunningService;
  let baresip: Baresip;
  let alicePhone: TestPhone;
  const agent = createAgentEventLog();

  const post = async (pathname: string, body: unknown): Promise<Response> =>
    fetch(service.url + pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-plain-voicemail-'));
    [mail, rtpengine] = await Promise.all([
      startMailServers({ users: [{ user: alice.username, password: 'alice-mail' }] }),
      startTestRtpengine(),
    ]);
    service = await startService(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir: path.join(dir, 'data'),
        domain: DOMAIN,
        iceServers: [],
        noAnswerTimeoutMs: 2000,
        logLevel: 'silent',
        voicemail: true,
        smtpUrl: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
        sipUdp: { host: '127.0.0.1', port: 0 },
        rtpengine: rtpengine.address,
      },
      silentLogger,
      {
        voicemail: {
          onAgentEvent: agent.onAgentEvent,
        },
      },
    );
    for (const account of [alice, bob]) expect((await post('/api/accounts', account)).status).toBe(201);
    // A 1 s greeting of its own (not the default 9 s), at a frequency apart from the phone's tone.
    const session = await post('/api/sessions', alice);
    const { token } = (await session.json()) as { token: string };
    const greeting = await fetch(`${service.url}/api/voicemail/greeting`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/ogg' },
      body: new Uint8Array(await makeToneOpus(GREETING_HZ, 1)),
    });
    expect(greeting.status).toBe(200);

    alicePhone = await createTestPhone({
      url: service.sipUrl,
      domain: DOMAIN,
      username: alice.username,
      password: alice.password,
    });
    await alicePhone.register();
    const udp = service.sip.listeners.find((l) => l.protocol === 'udp');
    if (udp === undefined) throw new Error('the service opened no UDP listener');
    baresip = await startBaresip({
      user: bob.username,
      toneHz: PHONE_HZ,
      registrar: { hostPort: `127.0.0.1:${udp.port}`, domain: DOMAIN, password: bob.password },
    });
    await baresip.registered();
  });

  afterAll(async () => {
    await baresip?.stop();
    await alicePhone?.stop().catch(() => undefined);
    await service?.close();
    await Promise.all([rtpengine?.stop(), mail?.stop()]);
    if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true });
  });

  it('no answer → the voicemail agent answers the G.711 phone; its tone arrives by mail', async () => {
    await baresip.dial(`sip:${alice.username}@${DOMAIN}`);
    // Alice's device rings (the relayed offer reaches it) and nobody answers; the proxy cancels it.
    const ringing = await alicePhone.nextCall();
    expect(ringing.invitation.request.body).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m);
    await ringing.cancelled;

    // The agent answers the phone (through rtpengine), plays the greeting and the beep, then records.
    await baresip.control.waitForType('CALL_ESTABLISHED');
    const recording = await agent.next('recording');
    expect(recording.callee).toBe(alice.username);
    // The phone keeps playing its tone: this is the message.
    await new Promise((resolve) => setTimeout(resolve, SPEAK_MS));
    await baresip.hangup();
    await baresip.control.waitForType('CALL_CLOSED');
    const queued = await agent.next('queued');
    expect(queued.callId).toBe(recording.callId);

    const [file] = await waitForMail(mail.maildirOf(alice.username));
    const email = await simpleParser(readFileSync(file!));
    expect(email.subject).toMatch(/^Voicemail from bob \(0:0[2-4]\)$/);
    const attachment = email.attachments[0]!;
    expect(attachment.contentType).toBe('audio/ogg');
    const audio = await decodeOpus(attachment.content);
    expect(audio.durationMs).toBeGreaterThan(SPEAK_MS - 1000);
    // The phone's tone, transcoded PCMU → Opus by rtpengine, is what the voicemail holds.
    const middle = audio.samples.subarray(48 * 300, 48 * (audio.durationMs - 300));
    expect(dominantFrequency(middle, 48_000, [GREETING_HZ, PHONE_HZ, 1000]).frequency).toBe(PHONE_HZ);
    expect(rms(middle)).toBeGreaterThan(0.05);
  });
});
