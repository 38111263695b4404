/**
 * The rig of the "a plain caller reaches voicemail" tests (a G.711 phone, a carrier through the
 * gateway): real Exim/Dovecot and rtpengine, the service with voicemail, SIP over UDP and the relay,
 * alice's own 1 s greeting at `GREETING_HZ`, and alice's device registered (it rings and never answers).
 * `expectToneVoicemail` then checks the mail alice got: an Ogg Opus whose middle is the caller's tone.
 */
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { expect } from 'vitest';
import { silentLogger } from '../../../common/logger.js';
import type { ParleyConfig } from '../../../server/src/config.js';
import { startService, type RunningService } from '../../../server/src/service.js';
import { decodeOpus, dominantFrequency, makeToneOpus, rms } from '../mail/audio-tools.js';
import { startMailServers, type MailServers } from '../mail/start-mail-servers.js';
import { waitForMail } from '../mail/wait-for-mail.js';
import { startTestRtpengine, type TestRtpengine } from '../peers/rtpengine.js';
import { createTestPhone, type TestPhone } from '../sip/sipjs-phone.js';
import { createAgentEventLog, type AgentEventLog } from './agent-events.js';

export const DOMAIN = 'parley.test';
/** alice's greeting: apart from the callers' tones. */
export const GREETING_HZ = 300;
export const alice = { username: 'alice', password: 'alice-secret-1' };

export interface PlainVoicemailRig {
  readonly dir: string;
  readonly mail: MailServers;
  readonly service: RunningService;
  readonly alicePhone: TestPhone;
  readonly agent: AgentEventLog;
  /** The service's SIP UDP port. */
  readonly udpPort: number;
  post(pathname: string, body: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export async function startPlainVoicemailRig(options: {
  /** mkdtemp prefix. */
  readonly name: string;
  /** More accounts than alice (e.g. the phone's). */
  readonly accounts?: readonly { username: string; password: string }[];
  /** More service settings (e.g. the gateway files), given the rig's temporary folder. */
  readonly config?: (dir: string) => Promise<Partial<ParleyConfig>>;
}): Promise<PlainVoicemailRig> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `parley-${options.name}-`));
  const agent = createAgentEventLog();
  let mail: MailServers | undefined;
  let rtpengine: TestRtpengine | undefined;
  let service: RunningService | undefined;
  let alicePhone: TestPhone | undefined;
  const stop = async (): Promise<void> => {
    await alicePhone?.stop().catch(() => undefined);
    await service?.close();
    await Promise.all([rtpengine?.stop(), mail?.stop()]);
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    [mail, rtpengine] = await Promise.all([
      startMailServers({ users: [{ user: alice.username, password: 'alice-mail' }] }),
      startTestRtpengine(),
    ]);
    const started = await startService(
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
        ...(await options.config?.(dir)),
      },
      silentLogger,
      { voicemail: { onAgentEvent: agent.onAgentEvent } },
    );
    service = started;
    const post = (pathname: string, body: unknown): Promise<Response> =>
      fetch(started.url + pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const account of [alice, ...(options.accounts ?? [])]) {
      expect((await post('/api/accounts', account)).status).toBe(201);
    }
    // A 1 s greeting of its own (not the default 9 s), at a frequency apart from the caller's tone.
    const session = await post('/api/sessions', alice);
    const { token } = (await session.json()) as { token: string };
    const greeting = await fetch(`${started.url}/api/voicemail/greeting`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/ogg' },
      body: new Uint8Array(await makeToneOpus(GREETING_HZ, 1)),
    });
    expect(greeting.status).toBe(200);
    alicePhone = await createTestPhone({
      url: started.sipUrl,
      domain: DOMAIN,
      username: alice.username,
      password: alice.password,
    });
    await alicePhone.register();
    const udp = started.sip.listeners.find((l) => l.protocol === 'udp');
    if (udp === undefined) throw new Error('the service opened no UDP listener');
    return { dir, mail, service: started, alicePhone, agent, udpPort: udp.port, post, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * alice's mailbox holds one voicemail whose audio lasts about `speakMs` and whose middle is the caller's
 * `toneHz` (transcoded PCMU → Opus by rtpengine), not the greeting.
 */
export async function expectToneVoicemail(
  rig: PlainVoicemailRig,
  expected: { readonly toneHz: number; readonly speakMs: number; readonly subject: RegExp },
): Promise<void> {
  const [file] = await waitForMail(rig.mail.maildirOf(alice.username));
  const email = await simpleParser(readFileSync(file!));
  expect(email.subject).toMatch(expected.subject);
  const attachment = email.attachments[0]!;
  expect(attachment.contentType).toBe('audio/ogg');
  const audio = await decodeOpus(attachment.content);
  expect(audio.durationMs).toBeGreaterThan(expected.speakMs - 1000);
  const middle = audio.samples.subarray(48 * 300, 48 * (audio.durationMs - 300));
  expect(dominantFrequency(middle, 48_000, [GREETING_HZ, expected.toneHz, 1000]).frequency).toBe(
    expected.toneHz,
  );
  expect(rms(middle)).toBeGreaterThan(0.05);
}
