/**
 * The voicemail agent over real SIP: the agent registers like any client on a real Kamailio (in front of
 * the real Parley service's account database), a SIP.js caller with werift media calls it with a
 * `Diversion` naming the callee, sends a 700 Hz tone for 3 s after the beep and hangs up; the email
 * goes through a real Exim into the callee's Maildir with the tone in its Ogg attachment.
 */
import { openStore } from '../../../server/src/store/open-store.js';
import type { Store } from '../../../server/src/store/store.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger.js';
import {
  startVoicemailAgent,
  type VoicemailAgent,
  type VoicemailAgentEvent,
} from '../../../server/src/agents/voicemail/voicemail-agent.js';
import { loadVoicemailPrompts } from '../../../server/src/agents/voicemail/voicemail-prompts.js';
import { readOggOpus } from '../../../server/src/mail/ogg-opus-reader.js';
import { createVoicemailOutbox, type VoicemailOutbox } from '../../../server/src/mail/voicemail-outbox.js';
import {
  fetchVoicemail,
  listVoicemails,
  markHeard,
  type MailboxSettings,
} from '../../../electron/src/main/mailbox/voicemail-mailbox.js';
import { startKamailio, type RunningKamailio } from '../../support/kamailio/start-kamailio.js';
import { decodeOpus, dominantFrequency, makeToneOpus, rms } from '../../support/mail/audio-tools.js';
import { startSipCaller, type SipCaller } from '../../support/mail/sip-caller.js';
import { startMailServers, type MailServers } from '../../support/mail/start-mail-servers.js';
import { listMaildir, waitForMail } from '../../support/mail/wait-for-mail.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

const DOMAIN = 'parley.test';

async function tonePackets(hz: number, seconds: number): Promise<readonly Buffer[]> {
  return readOggOpus(await makeToneOpus(hz, seconds + 0.2, 32)).packets.slice(0, seconds * 50);
}

/** 3 s of the caller's 700 Hz tone (not the 300 Hz greeting, not the 1 kHz beep). */
async function expectTone(ogg: Buffer): Promise<void> {
  const audio = await decodeOpus(ogg);
  expect(Math.abs(audio.durationMs - 3000)).toBeLessThan(250);
  const middle = audio.samples.subarray(48 * 500, 48 * 2500);
  expect(dominantFrequency(middle, 48000, [300, 700, 1000]).frequency).toBe(700);
  expect(rms(middle)).toBeGreaterThan(0.1);
}

describe('voicemail agent over SIP (Kamailio) → Exim → Maildir', () => {
  let mail: MailServers;
  let service: TestService;
  let kamailio: RunningKamailio;
  let outbox: VoicemailOutbox;
  let outboxStore: Store | undefined;
  let agent: VoicemailAgent;
  let alice: SipCaller;
  const events: VoicemailAgentEvent[] = [];
  const waitEvent = (phase: VoicemailAgentEvent['phase'], callId?: string) =>
    new Promise<VoicemailAgentEvent>((resolve) => {
      const check = setInterval(() => {
        const e = events.find((x) => x.phase === phase && (!callId || x.callId === callId));
        if (e) {
          clearInterval(check);
          resolve(e);
        }
      }, 10);
    });

  beforeAll(async () => {
    mail = await startMailServers({ users: [{ user: 'bob', password: 'bob-mail-pw' }] });
    service = await startTestService({ domain: DOMAIN });
    const aliceAccount = await service.createAccount('alice', undefined, 'Alice');
    await service.createAccount('bob');
    // The deployment registers the reserved `voicemail` account; a test signs up an ordinary name.
    const agentAccount = await service.createAccount('vmagent');
    kamailio = await startKamailio({ dbPath: join(service.dataDir, 'parley.db'), domain: DOMAIN });
    outboxStore = await openStore({ dataDir: join(service.dataDir, 'agent-outbox') });
    outbox = createVoicemailOutbox({
      store: outboxStore.outbox,
      smtpUrl: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
      domain: DOMAIN,
      logger: silentLogger,
    });
    outbox.start();
    const { beep } = await loadVoicemailPrompts();
    agent = await startVoicemailAgent({
      sipUrl: kamailio.sipUrl,
      domain: DOMAIN,
      username: 'vmagent',
      password: agentAccount.password,
      outbox,
      mailboxOf: (user) => (user === 'bob' ? `bob@${DOMAIN}` : undefined),
      logger: silentLogger,
      prompts: { greeting: await tonePackets(300, 0.6), beep },
      onEvent: (e) => events.push(e),
    });
    alice = await startSipCaller({
      sipUrl: kamailio.sipUrl,
      domain: DOMAIN,
      username: 'alice',
      password: aliceAccount.password,
      displayName: 'Alice',
    });
  });

  afterAll(async () => {
    await alice?.stop();
    await agent?.stop();
    await outbox?.stop();
    await outboxStore?.close();
    await kamailio?.stop();
    await service?.stop();
    await mail?.stop();
  });

  it('records the caller after the beep and mails it to the diverted-from callee', async () => {
    const call = await alice.call(`sip:vmagent@${DOMAIN}`, [
      `Diversion: <sip:bob@${DOMAIN}>;reason=no-answer;counter=1`,
    ]);
    const packets = await tonePackets(700, 3);
    const recording = await waitEvent('recording', call.callId);
    expect(recording.callee).toBe('bob');
    await call.send(packets);
    await call.hangup();
    const queued = await waitEvent('queued', call.callId);
    const [file] = await waitForMail(mail.maildirOf('bob'));
    const parsed = await simpleParser(readFileSync(file!));
    expect(parsed.subject).toBe('Voicemail from Alice (0:03)');
    expect(parsed.headers.get('x-parley-caller')).toBe(`sip:alice@${DOMAIN}`);
    const ogg = parsed.attachments[0]!;
    expect(ogg.contentType).toBe('audio/ogg');
    await expectTone(ogg.content);
    expect((await outbox.listFor('bob')).map((v) => v.id)).toContain(queued.outboxId);

    // Fetched over IMAP: same recording; heard = \Seen, and it stays on the server.
    const imap: MailboxSettings = {
      protocol: 'imap',
      host: mail.imap.host,
      port: mail.imap.port,
      tls: 'none',
      user: 'bob',
      password: 'bob-mail-pw',
    };
    const [summary] = await listVoicemails(imap);
    expect(summary).toMatchObject({ caller: 'Alice', durationSec: 3, heard: false });
    const overImap = await fetchVoicemail(imap, summary!.id);
    await expectTone(overImap.audio);
    await markHeard(imap, summary!.id);
    expect(await listVoicemails(imap)).toMatchObject([{ id: summary!.id, heard: true }]);

    // Fetched over POP3: downloaded, then gone from the server after QUIT.
    const pop3: MailboxSettings = {
      ...imap,
      protocol: 'pop3',
      port: mail.pop3.port,
      storeDir: join(service.dataDir, 'pop3-store'),
    };
    const [downloaded] = await listVoicemails(pop3);
    await expectTone((await fetchVoicemail(pop3, downloaded!.id)).audio);
    expect(await listVoicemails(imap)).toEqual([]);
    expect(await listMaildir(mail.maildirOf('bob'))).toEqual([]);
  });

  it('leaves nothing when the caller hangs up before the beep', async () => {
    const before = (await listMaildir(mail.maildirOf('bob'))).length;
    const call = await alice.call(`sip:vmagent@${DOMAIN}`, [
      `Diversion: <sip:bob@${DOMAIN}>;reason=user-busy`,
    ]);
    await waitEvent('greeting', call.callId);
    await call.hangup();
    const discarded = await waitEvent('discarded', call.callId);
    expect(discarded.callee).toBe('bob');
    expect(events.some((e) => e.callId === call.callId && e.phase === 'recording')).toBe(false);
    expect(await outbox.pendingCount()).toBe(0);
    expect((await listMaildir(mail.maildirOf('bob'))).length).toBe(before);
  });
});
