/**
 * Voicemail by email through the Parley service, numbers for issue 6's closing note:
 * - hang-up → email visible over IMAP: the caller's BYE until `listVoicemails` (IMAP, fresh login each
 *   poll) shows the new voicemail; median of N calls. The path: the service's proxy diverts the call
 *   (callee offline) to its own voicemail agent → Ogg → outbox row (voicemail.db) → nodemailer → Exim →
 *   Maildir → Dovecot IMAP.
 * - size per minute of audio: Ogg bytes ÷ duration × 60 (the caller sends a 700 Hz tone at 32 kbit/s
 *   VBR, about what a WebRTC browser sends for voice; the agent asks for at most 32 kbit/s).
 * - service CPU per recording: CPU time of the process running the Parley service (proxy + voicemail
 *   agent with its werift leg + outbox) from answer to queued; the caller runs in a CHILD process so
 *   its media is not counted. Per call and as a share of one core while in a call.
 * Real Exim + Dovecot (tests/support/mail) and the real service (startTestService, voicemail on).
 *
 *   npx tsx bench/voicemail-mail.ts [calls=10] [seconds=3]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { VoicemailAgentEvent } from '../server/src/agents/voicemail/voicemail-agent.js';
import {
  fetchVoicemail,
  listVoicemails,
  type MailboxSettings,
} from '../electron/src/main/mailbox/voicemail-mailbox.js';
import { readOggOpus } from '../server/src/mail/ogg-opus-reader.js';
import { makeToneOpus } from '../tests/support/mail/audio-tools.js';
import { startSipCaller, type SipCall } from '../tests/support/mail/sip-caller.js';
import { startMailServers } from '../tests/support/mail/start-mail-servers.js';
import { startTestService } from '../tests/support/service/test-service.js';

const DOMAIN = 'parley.test';

type ToCaller = { type: 'call'; target: string } | { type: 'key' } | { type: 'speak' } | { type: 'stop' };
type FromCaller = { type: 'ready' } | { type: 'answered'; callId: string } | { type: 'hungup'; at: number };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The caller side, in its own process: a SIP.js + werift caller that obeys the parent. */
async function callerMain(sipUrl: string, password: string, seconds: number): Promise<void> {
  const send = (m: FromCaller): void => void process.send?.(m);
  const alice = await startSipCaller({
    sipUrl,
    domain: DOMAIN,
    username: 'alice',
    password,
    displayName: 'Alice',
  });
  const tone = readOggOpus(await makeToneOpus(700, seconds + 0.2, 32)).packets.slice(0, seconds * 50);
  let call: SipCall | undefined;
  process.on('message', (m: ToCaller) => {
    void (async () => {
      if (m.type === 'call') {
        call = await alice.call(m.target);
        send({ type: 'answered', callId: call.callId });
      } else if (m.type === 'key') await call?.info('1');
      else if (m.type === 'speak' && call) {
        await call.send(tone);
        const at = Date.now();
        await call.hangup();
        send({ type: 'hungup', at });
      } else if (m.type === 'stop') {
        await alice.stop();
        process.exit(0);
      }
    })();
  });
  send({ type: 'ready' });
}

async function main(calls: number, seconds: number): Promise<void> {
  const mail = await startMailServers({ users: [{ user: 'bob', password: 'bob-mail-pw' }] });
  const events: VoicemailAgentEvent[] = [];
  const waiters = new Set<() => void>();
  const service = await startTestService({
    domain: DOMAIN,
    voicemail: true,
    smtpUrl: `smtp://${mail.smtp.host}:${mail.smtp.port}`,
    serviceOptions: {
      voicemail: {
        onAgentEvent: (e) => {
          events.push(e);
          for (const w of [...waiters]) w();
        },
      },
    },
  });
  const alice = await service.createAccount('alice', undefined, 'Alice');
  await service.createAccount('bob'); // never registered: calls to bob go to voicemail at once
  const waitEvent = (phase: VoicemailAgentEvent['phase'], callId: string): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!events.some((e) => e.phase === phase && e.callId === callId)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });

  const child: ChildProcess = fork(
    fileURLToPath(import.meta.url),
    ['--caller', service.sipUrl, alice.password, String(seconds)],
    {
      execArgv: process.execArgv,
    },
  );
  const inbox: FromCaller[] = [];
  const wake = new Set<() => void>();
  child.on('message', (m: FromCaller) => {
    inbox.push(m);
    for (const w of [...wake]) w();
  });
  const next = <T extends FromCaller['type']>(type: T): Promise<Extract<FromCaller, { type: T }>> =>
    new Promise((resolve) => {
      const check = (): void => {
        const i = inbox.findIndex((m) => m.type === type);
        if (i === -1) return;
        wake.delete(check);
        resolve(inbox.splice(i, 1)[0] as Extract<FromCaller, { type: T }>);
      };
      wake.add(check);
      check();
    });
  const tell = (m: ToCaller): void => void child.send(m);
  await next('ready');

  const imap: MailboxSettings = {
    protocol: 'imap',
    host: mail.imap.host,
    port: mail.imap.port,
    tls: 'none',
    user: 'bob',
    password: 'bob-mail-pw',
  };
  const latencies: number[] = [];
  const bytesPerMinute: number[] = [];
  const cpuPerCall: number[] = [];
  const cpuShare: number[] = [];
  try {
    for (let i = 0; i < calls; i++) {
      const before = (await listVoicemails(imap)).length;
      tell({ type: 'call', target: `sip:bob@${DOMAIN}` });
      const { callId } = await next('answered');
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await waitEvent('greeting', callId);
      tell({ type: 'key' }); // skip the greeting, as a caller who knows it would
      await waitEvent('recording', callId);
      tell({ type: 'speak' });
      const { at: hangupAt } = await next('hungup');
      await waitEvent('queued', callId);
      const cpu = process.cpuUsage(cpu0);
      const callMs = performance.now() - t0;
      let list = await listVoicemails(imap);
      while (list.length <= before) list = await listVoicemails(imap);
      latencies.push(Date.now() - hangupAt);
      const { audio } = await fetchVoicemail(imap, list[0]!.id);
      bytesPerMinute.push((audio.length / readOggOpus(audio).durationMs) * 60_000);
      cpuPerCall.push((cpu.user + cpu.system) / 1000);
      cpuShare.push((cpu.user + cpu.system) / 1000 / callMs);
    }
    console.log(
      `voicemail-mail (through the Parley service): ${calls} calls, ${seconds} s of tone each (loopback, 2 cores)`,
    );
    console.log(
      `  hang-up → visible over IMAP   median ${median(latencies).toFixed(0)} ms   min ${Math.min(...latencies).toFixed(0)}   max ${Math.max(...latencies).toFixed(0)}`,
    );
    console.log(
      `  Ogg Opus size per minute      median ${(median(bytesPerMinute) / 1000).toFixed(1)} kB/min (limit 300 kB)`,
    );
    console.log(
      `  service CPU per recording     median ${median(cpuPerCall).toFixed(0)} ms CPU per call, ${(median(cpuShare) * 100).toFixed(1)} % of one core while in a call (caller in another process)`,
    );
  } finally {
    tell({ type: 'stop' });
    await new Promise((resolve) => child.once('exit', resolve));
    await service.stop();
    await mail.stop();
  }
}

if (process.argv[2] === '--caller') {
  await callerMain(process.argv[3]!, process.argv[4]!, Number(process.argv[5] ?? 3));
} else {
  await main(Number(process.argv[2] ?? 10), Number(process.argv[3] ?? 3));
}
