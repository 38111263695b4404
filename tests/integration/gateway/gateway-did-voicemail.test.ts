/**
 * A call from the phone network to a DID that nobody answers goes to voicemail (issue 11: "unanswered,
 * it goes to voicemail like any other call"). The real gateway file (the shipped example: DID +15550100
 * rings alice) with its trunk at a carrier of the test; alice's device is registered and never answers;
 * after the no-answer time the proxy diverts the gateway's inbound leg to the voicemail agent (werift,
 * Opus) through a real rtpengine, which transcodes the carrier's PCMU. The carrier's tone must arrive by
 * mail (real Exim) in the voicemail's audio.
 */
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger.js';
import { startService, type RunningService } from '../../../server/src/service.js';
import { startCarrierCaller, type CarrierCaller } from '../../support/gateway/raw-carrier-caller.js';
import { decodeOpus, dominantFrequency, makeToneOpus, rms } from '../../support/mail/audio-tools.js';
import { startMailServers, type MailServers } from '../../support/mail/start-mail-servers.js';
import { waitForMail } from '../../support/mail/wait-for-mail.js';
import { startTestRtpengine, type TestRtpengine } from '../../support/peers/rtpengine.js';
import { createTestPhone, type TestPhone } from '../../support/sip/sipjs-phone.js';
import { createAgentEventLog } from '../../support/voicemail/agent-events.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DOMAIN = 'parley.test';
const DID = '+15550100';
const CARRIER_HZ = 880;
const GREETING_HZ = 300;
/** How long the carrier "speaks" after the beep. */
const SPEAK_MS = 3000;
const alice = { username: 'alice', password: 'alice-secret-1' };

describe('a DID call nobody answers goes to voicemail', () => {
  let dir: string;
  let mail: MailServers;
  let rtpengine: TestRtpengine;
  let service: RunningService;
  let carrier: CarrierCaller;
  let alicePhone: TestPhone;
  const agent = createAgentEventLog();

  const post = async (pathname: string, body: unknown): Promise<Response> =>
    fetch(service.url + pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-did-voicemail-'));
    [mail, rtpengine, carrier] = await Promise.all([
      startMailServers({ users: [{ user: alice.username, password: 'alice-mail' }] }),
      startTestRtpengine(),
      startCarrierCaller({ toneHz: CARRIER_HZ }),
    ]);
    const example = await fs.readFile(path.join(ROOT, 'deploy/gateway.example.json'), 'utf8');
    const gatewayFile = path.join(dir, 'gateway.json');
    await fs.writeFile(gatewayFile, example.replace('127.0.0.1:5090', `127.0.0.1:${carrier.port}`));
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
        gatewayFile,
        ratesFile: path.join(ROOT, 'deploy/rates.example.csv'),
      },
      silentLogger,
      {
        voicemail: {
          onAgentEvent: agent.onAgentEvent,
        },
      },
    );
    expect((await post('/api/accounts', alice)).status).toBe(201);
    // A 1 s greeting of its own (not the default 9 s), at a frequency apart from the carrier's tone.
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
  });

  afterAll(async () => {
    carrier?.close();
    await alicePhone?.stop().catch(() => undefined);
    await service?.close();
    await Promise.all([rtpengine?.stop(), mail?.stop()]);
    if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true });
  });

  it('rings alice, then the voicemail agent answers the carrier; its PCMU tone arrives by mail', async () => {
    const udp = service.sip.listeners.find((l) => l.protocol === 'udp');
    if (udp === undefined) throw new Error('the service opened no UDP listener');
    const answered = carrier.call(DID, '+442079460018', udp.port);
    // Alice's device rings (the DID belongs to her) and nobody answers; the proxy cancels it.
    const ringing = await alicePhone.nextCall();
    expect(ringing.invitation.request.getHeader('From')).toMatch(/\+442079460018/);
    await ringing.cancelled;

    // The voicemail agent answers the carrier's call, plays the greeting and the beep, then records.
    expect(await answered).toMatch(/^SIP\/2\.0 200 /);
    const recording = await agent.next('recording');
    expect(recording.callee).toBe(alice.username);
    await new Promise((resolve) => setTimeout(resolve, SPEAK_MS)); // the carrier speaks: the message
    expect(await carrier.bye()).toBe(200);
    const queued = await agent.next('queued');
    expect(queued.callId).toBe(recording.callId);

    const [file] = await waitForMail(mail.maildirOf(alice.username));
    const email = await simpleParser(readFileSync(file!));
    expect(email.subject).toMatch(/^Voicemail from /);
    const attachment = email.attachments[0]!;
    expect(attachment.contentType).toBe('audio/ogg');
    const audio = await decodeOpus(attachment.content);
    expect(audio.durationMs).toBeGreaterThan(SPEAK_MS - 1000);
    // The carrier's tone, transcoded PCMU → Opus by rtpengine, is what the voicemail holds.
    const middle = audio.samples.subarray(48 * 300, 48 * (audio.durationMs - 300));
    expect(dominantFrequency(middle, 48_000, [GREETING_HZ, CARRIER_HZ, 1000]).frequency).toBe(CARRIER_HZ);
    expect(rms(middle)).toBeGreaterThan(0.05);
  });
});
