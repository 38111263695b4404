/**
 * The PSTN gateway (issue 11) against the real service with the policy of a gateway file (the shipped
 * example with its limits raised, its trunk pointed at a test carrier):
 * - dial → INVITE at the carrier: a plain UDP phone dials a number; a UDP socket plays the carrier,
 *   notes when the INVITE arrives and answers 486 (time from the authenticated INVITE, and from the first
 *   INVITE including its digest challenge);
 * - calls per second through the gateway with sipp on both sides (sipp uac over UDP calling
 *   `sip:+E164@DOMAIN` with digest, sipp carrier answering), and the service's CPU per call;
 * - rtpengine's CPU per WebRTC call: werift callers (Opus over DTLS-SRTP, as a browser's leg) through the
 *   relay (Opus ⇄ PCMU transcoding) to a sipp carrier echoing the RTP, rtpengine's /proc CPU time.
 *
 *   npx tsx bench/gateway.ts [dials=100] [calls=300] [rate=100] [webrtcCalls=4]
 */
import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../common/logger.js';
import { startService } from '../server/src/service.js';
import { placeWebrtcCall } from '../tests/support/gateway/webrtc-caller.js';
import { plainSdp, UdpPhone } from '../tests/support/gateway/udp-phone.js';
import { startTestRtpengine } from '../tests/support/peers/rtpengine.js';
import { freeUdpPort, runSipp, startSipp } from '../tests/support/peers/sipp.js';

const [dials = 100, calls = 300, rate = 100, webrtcCalls = 4] = process.argv.slice(2).map(Number);
const DOMAIN = 'bench.test';
const USERS = 20;
const NUMBER = '+442079460018';
const ROOT = path.resolve(import.meta.dirname, '..');

const ms = (ns: bigint): number => Number(ns) / 1e6;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** utime + stime of a process, in seconds (/proc/PID/stat fields 14 and 15, clock ticks of 1/100 s). */
async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-bench-gw-'));
  const carrierPort = await freeUdpPort();
  const example = JSON.parse(await fs.readFile(path.join(ROOT, 'deploy/gateway.example.json'), 'utf8')) as {
    maxCallsPerUser: number;
    trunks: Array<{ uri: string; maxConcurrentCalls: number }>;
  };
  example.maxCallsPerUser = 100; // the file's ceiling: the sipp load spreads over USERS users
  example.trunks[0]!.uri = `sip:127.0.0.1:${carrierPort};transport=udp`;
  example.trunks[0]!.maxConcurrentCalls = 10_000;
  const gatewayFile = path.join(dataDir, 'gateway.json');
  await fs.writeFile(gatewayFile, JSON.stringify(example));
  const rtpengine = await startTestRtpengine();
  const service = await startService(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      domain: DOMAIN,
      iceServers: [],
      noAnswerTimeoutMs: 30_000,
      logLevel: 'silent',
      sipUdp: { host: '127.0.0.1', port: 0 },
      rtpengine: rtpengine.address,
      gatewayFile,
      ratesFile: path.join(ROOT, 'deploy/rates.example.csv'),
    },
    silentLogger,
  );
  const results: Record<string, number> = {};
  try {
    await service.accounts.signUp({ username: 'alice', password: 'alice-bench-secret' });
    await service.store.pstn.setPermission('alice', true, null, Date.now());
    const users = Array.from({ length: USERS }, (_, i) => ({
      username: `caller${i}`,
      password: `caller-${i}-secret`,
    }));
    for (const u of users) {
      await service.accounts.signUp(u);
      await service.store.pstn.setPermission(u.username, true, null, Date.now());
    }
    const sipPort = service.sip.listeners[0]!.port;

    // 1. Dial → INVITE at the carrier.
    const carrier = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => carrier.bind(carrierPort, '127.0.0.1', resolve));
    let arrived: (at: bigint) => void = () => undefined;
    carrier.on('message', (data, from) => {
      const text = data.toString();
      if (!text.startsWith('INVITE ')) return;
      arrived(process.hrtime.bigint());
      const pick = (name: string): string[] =>
        text.split('\r\n').filter((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
      const busy = [
        'SIP/2.0 486 Busy Here',
        ...pick('Via'),
        ...pick('From'),
        `${pick('To')[0] ?? ''};tag=bench`,
        ...pick('Call-ID'),
        ...pick('CSeq'),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      carrier.send(busy, from.port, from.address);
    });
    const phone = await UdpPhone.open(sipPort, 'alice', 'alice-bench-secret', DOMAIN);
    const fromAuthenticated: number[] = [];
    const fromFirst: number[] = [];
    for (let i = 0; i < dials; i++) {
      const atCarrier = new Promise<bigint>((resolve) => (arrived = resolve));
      const first = process.hrtime.bigint();
      const call = await phone.call(`sip:${NUMBER}@${DOMAIN}`, plainSdp(40_000));
      const authenticated = process.hrtime.bigint();
      const at = await atCarrier;
      fromAuthenticated.push(ms(at - authenticated));
      fromFirst.push(ms(at - first));
      await call.final;
    }
    phone.close();
    carrier.close();
    console.log(
      `dial → INVITE at the carrier (${dials} calls): authenticated INVITE → carrier median ` +
        `${percentile(fromAuthenticated, 50).toFixed(2)} ms, p95 ${percentile(fromAuthenticated, 95).toFixed(2)} ms; ` +
        `first INVITE (with its 407 round trip) → carrier median ${percentile(fromFirst, 50).toFixed(2)} ms`,
    );
    results['dialToCarrierMedianMs'] = percentile(fromAuthenticated, 50);
    results['dialToCarrierP95Ms'] = percentile(fromAuthenticated, 95);
    results['firstInviteToCarrierMedianMs'] = percentile(fromFirst, 50);

    // 2. Calls per second, sipp on both sides.
    const carrierSipp = await startSipp({
      scenario: 'carrier-answer.xml',
      remotePort: sipPort,
      domain: DOMAIN,
      localPort: carrierPort,
      calls,
      extraArgs: ['-l', '1000'],
    });
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const uac = await runSipp({
      scenario: 'uac.xml',
      remotePort: sipPort,
      domain: DOMAIN,
      users: Array.from({ length: calls }, (_, i) => users[i % USERS]!),
      service: NUMBER,
      calls,
      rate,
      extraArgs: ['-l', '1000'],
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    await carrierSipp.stop();
    const ok = uac.successful;
    results['callsPerSecond'] = ok / seconds;
    results['serviceCpuMicrosPerCall'] = (used.user + used.system) / Math.max(1, ok);
    console.log(
      `calls through the gateway (sipp uac → Parley B2BUA → sipp carrier, UDP): ${(ok / seconds).toFixed(0)}/s ` +
        `offered at ${rate}/s (${ok}/${calls} ok, ${uac.failed} failed, in ${seconds.toFixed(1)} s, each held 1.2 s), ` +
        `service CPU ${results['serviceCpuMicrosPerCall'].toFixed(0)} µs per call (both legs: INVITE×2+INVITE, ACK×2, BYE×2)`,
    );

    // 3. rtpengine CPU per WebRTC call through the gateway.
    if (webrtcCalls > 0) {
      const echo = await startSipp({
        scenario: 'carrier-answer.xml',
        remotePort: sipPort,
        domain: DOMAIN,
        localPort: carrierPort,
        calls: webrtcCalls,
        extraArgs: ['-rtp_echo', '-l', '100'],
      });
      const placed = [];
      for (let i = 0; i < webrtcCalls; i++) {
        placed.push(
          await placeWebrtcCall({
            sipUrl: service.sipUrl,
            username: 'alice',
            password: 'alice-bench-secret',
            domain: DOMAIN,
            target: `sip:${NUMBER}@${DOMAIN};user=phone`,
            toneHz: 440,
          }),
        );
      }
      await Promise.all(placed.map((c) => c.heardAtLeast(50)));
      const windowSeconds = 10;
      const before = await processCpuSeconds(rtpengine.pid);
      const heardBefore = placed.map((c) => c.heard.length);
      await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000)); // a measuring window
      const after = await processCpuSeconds(rtpengine.pid);
      const heard = placed.reduce((sum, c, i) => sum + c.heard.length - heardBefore[i]!, 0);
      for (const c of placed) {
        await c.hangUp();
        c.close();
      }
      await echo.stop();
      const perCall = ((after - before) / windowSeconds / webrtcCalls) * 100;
      results['rtpengineCpuPercentPerCall'] = perCall;
      console.log(
        `rtpengine per WebRTC call through the gateway (${webrtcCalls} calls, Opus/SRTP ⇄ PCMU transcoded, ` +
          `echoed by the carrier): ${perCall.toFixed(2)} % of one core per call ` +
          `(${(heard / windowSeconds / webrtcCalls).toFixed(0)} packets/s heard per call)`,
      );
    }
    console.log(JSON.stringify({ bench: 'gateway', ...results }));
  } finally {
    await service.close();
    await rtpengine.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

await main();
