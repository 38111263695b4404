/**
 * Voicemail by email, numbers for issue 6's closing note:
 * - hang-up → email visible over IMAP: the caller's BYE until `listVoicemails` (IMAP, fresh login each
 *   poll, every 20 ms) shows the new voicemail; median of N calls. The path: agent finishes the Ogg →
 *   outbox row → nodemailer → Exim → Maildir → Dovecot IMAP.
 * - size per minute of audio: Ogg bytes ÷ duration × 60 (caller sends a 700 Hz tone at 32 kbit/s VBR,
 *   about what a WebRTC browser sends for voice).
 * - agent CPU per recording: CPU time of this process (agent AND caller: two werift legs, plus
 *   SIP.js, the outbox and the IMAP polls) during each call, from answer to queued, per call and per
 *   second of call. The agent's own share is at most this.
 * Real Exim + Dovecot + Kamailio + the Parley service's accounts, as in tests/integration/voicemail.
 *
 *   npx tsx bench/voicemail-mail.ts [calls=10] [seconds=3]
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { silentLogger } from '../common/logger.js';
import {
  fetchVoicemail,
  listVoicemails,
  type MailboxSettings,
} from '../electron/src/main/mailbox/voicemail-mailbox.js';
import {
  startVoicemailAgent,
  type VoicemailAgentEvent,
} from '../server/src/agents/voicemail/voicemail-agent.js';
import { loadVoicemailPrompts } from '../server/src/agents/voicemail/voicemail-prompts.js';
import { readOggOpus } from '../server/src/mail/ogg-opus-reader.js';
import { createVoicemailOutbox } from '../server/src/mail/voicemail-outbox.js';
import { startKamailio } from '../tests/support/kamailio/start-kamailio.js';
import { makeToneOpus } from '../tests/support/mail/audio-tools.js';
import { startSipCaller } from '../tests/support/mail/sip-caller.js';
import { startMailServers } from '../tests/support/mail/start-mail-servers.js';
import { startTestService } from '../tests/support/service/test-service.js';

const calls = Number(process.argv[2] ?? 10);
const seconds = Number(process.argv[3] ?? 3);
const DOMAIN = 'parley.test';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function main(): Promise<void> {
  const mail = await startMailServers({ users: [{ user: 'bob', password: 'bob-mail-pw' }] });
  const service = await startTestService({ domain: DOMAIN });
  const aliceAccount = await service.createAccount('alice', undefined, 'Alice');
  await service.createAccount('bob');
  const agentAccount = await service.createAccount('vmagent');
  const kamailio = await startKamailio({ dbPath: join(service.dataDir, 'parley.db'), domain: DOMAIN });
  const db = new Database(join(service.dataDir, 'voicemail-outbox.sqlite'));
  const outbox = createVoicemailOutbox({
    db,
    smtpUrl: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
    domain: DOMAIN,
    logger: silentLogger,
  });
  outbox.start();
  const events: VoicemailAgentEvent[] = [];
  const { beep } = await loadVoicemailPrompts();
  const greeting = readOggOpus(await makeToneOpus(300, 0.8, 24)).packets.slice(0, 25);
  const agent = await startVoicemailAgent({
    sipUrl: kamailio.sipUrl,
    domain: DOMAIN,
    username: 'vmagent',
    password: agentAccount.password,
    outbox,
    mailboxOf: (user) => (user === 'bob' ? `bob@${DOMAIN}` : undefined),
    logger: silentLogger,
    prompts: { greeting, beep },
    onEvent: (e) => events.push(e),
  });
  const alice = await startSipCaller({
    sipUrl: kamailio.sipUrl,
    domain: DOMAIN,
    username: 'alice',
    password: aliceAccount.password,
    displayName: 'Alice',
  });
  const tone = readOggOpus(await makeToneOpus(700, seconds + 0.2, 32)).packets.slice(0, seconds * 50);
  const imap: MailboxSettings = {
    protocol: 'imap',
    host: mail.imap.host,
    port: mail.imap.port,
    tls: 'none',
    user: 'bob',
    password: 'bob-mail-pw',
  };
  const waitEvent = async (phase: VoicemailAgentEvent['phase'], callId: string): Promise<void> => {
    while (!events.some((e) => e.phase === phase && e.callId === callId))
      await new Promise((r) => setTimeout(r, 5));
  };

  const latencies: number[] = [];
  const bytesPerMinute: number[] = [];
  const cpuPerCall: number[] = [];
  const cpuPerSecond: number[] = [];
  try {
    for (let i = 0; i < calls; i++) {
      const before = (await listVoicemails(imap)).length;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const call = await alice.call(`sip:vmagent@${DOMAIN}`, [
        `Diversion: <sip:bob@${DOMAIN}>;reason=no-answer`,
      ]);
      await waitEvent('recording', call.callId);
      await call.send(tone);
      const hangupAt = performance.now();
      await call.hangup();
      await waitEvent('queued', call.callId);
      const cpu = process.cpuUsage(cpu0);
      const callMs = performance.now() - t0;
      let list = await listVoicemails(imap);
      while (list.length <= before) list = await listVoicemails(imap);
      latencies.push(performance.now() - hangupAt);
      const newest = list[0]!;
      const { audio } = await fetchVoicemail(imap, newest.id);
      const durationMs = readOggOpus(audio).durationMs;
      bytesPerMinute.push((audio.length / durationMs) * 60_000);
      cpuPerCall.push((cpu.user + cpu.system) / 1000);
      cpuPerSecond.push((cpu.user + cpu.system) / 1000 / (callMs / 1000));
    }
    console.log(`voicemail-mail: ${calls} calls, ${seconds} s of tone each (loopback, 2 cores)`);
    console.log(
      `  hang-up → visible over IMAP   median ${median(latencies).toFixed(0)} ms   min ${Math.min(...latencies).toFixed(0)}   max ${Math.max(...latencies).toFixed(0)}`,
    );
    console.log(
      `  Ogg Opus size per minute      median ${(median(bytesPerMinute) / 1000).toFixed(1)} kB/min (limit 300 kB)`,
    );
    console.log(
      `  CPU per call (agent+caller)   median ${median(cpuPerCall).toFixed(0)} ms CPU, ${(median(cpuPerSecond) / 10).toFixed(1)} % of one core while in a call`,
    );
  } finally {
    await alice.stop();
    await agent.stop();
    await outbox.stop();
    db.close();
    await kamailio.stop();
    await service.stop();
    await mail.stop();
  }
}

await main();
