/**
 * Call set-up from the Parley web client (Chromium) to a plain SIP phone (baresip over UDP, PCMU,
 * auto-answer) through the real service and a real rtpengine, median of N calls (issue 10, "Numbers"):
 * - dial → 180: Enter in "Call a username" until the 180 Ringing reaches the page's WebSocket;
 * - dial → first audio: until the remote track unmutes (Chromium unmutes it at the first RTP packet).
 * Both include the client's ICE gathering before the INVITE, the proxy, and the relay's offer/answer.
 * Times are the page's `performance.timeOrigin + performance.now()`.
 *
 *   npx tsx bench/relay-browser-to-phone.ts [calls=10]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../common/logger.js';
import { startService } from '../server/src/service.js';
import { launchChromium } from '../tests/support/browser/chromium.js';
import { openClient, signUp, waitForText } from '../tests/support/browser/parley-page.js';
import { ensureWebBuild } from '../tests/support/browser/web-build.js';
import { startBaresip } from '../tests/support/peers/baresip.js';
import { startTestRtpengine } from '../tests/support/peers/rtpengine.js';
import { writeToneWav } from '../tests/support/peers/tone.js';

const calls = Number(process.argv[2] ?? 10);

/** Runs in the page before the app: when Enter is pressed, when a 180 arrives, when audio unmutes. */
const instrument = `
  (() => {
    const now = () => performance.timeOrigin + performance.now();
    const bench = (window.relayBench = { dialAt: 0, ringingAt: 0, audioAt: 0 });
    window.addEventListener('keydown', (e) => { if (e.key === 'Enter') bench.dialAt = now(); }, true);
    const OriginalSocket = window.WebSocket;
    window.WebSocket = class extends OriginalSocket {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          if (!bench.ringingAt && typeof e.data === 'string' && e.data.startsWith('SIP/2.0 180')) bench.ringingAt = now();
        });
      }
    };
    const OriginalPc = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends OriginalPc {
      constructor(config) {
        super(config);
        this.addEventListener('track', (e) => {
          e.track.addEventListener('unmute', () => { if (!bench.audioAt) bench.audioAt = now(); });
        });
      }
    };
  })();
`;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

ensureWebBuild();
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-relay-bench-'));
const tone = path.join(dir, 'tone.wav');
await writeToneWav(tone, 440, 2);
const [rtpengine, browser] = await Promise.all([
  startTestRtpengine(),
  launchChromium({ fakeAudioFile: tone }),
]);
const service = await startService(
  {
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(dir, 'data'),
    domain: 'localhost',
    iceServers: [],
    noAnswerTimeoutMs: 30_000,
    logLevel: 'silent',
    sipUdp: { host: '127.0.0.1', port: 0 },
    rtpengine: rtpengine.address,
  },
  silentLogger,
);
const udp = service.sip.listeners.find((l) => l.protocol === 'udp');
await fetch(`${service.url}/api/accounts`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bob', password: 'bob-phone-secret' }),
});
const baresip = await startBaresip({
  user: 'bob',
  registrar: { hostPort: `127.0.0.1:${udp?.port ?? 0}`, domain: 'localhost', password: 'bob-phone-secret' },
});
await baresip.registered();

const ringing: number[] = [];
const audio: number[] = [];
try {
  const context = await browser.newContext();
  await context.addInitScript({ content: instrument });
  const page = await openClient(context, service.url);
  await signUp(page, { username: 'alice', password: 'alice-secret-1', displayName: 'Alice' });
  for (let i = 0; i < calls; i++) {
    await page.evaluate(() => {
      Object.assign((window as unknown as { relayBench: object }).relayBench, {
        dialAt: 0,
        ringingAt: 0,
        audioAt: 0,
      });
    });
    const box = page.getByRole('textbox', { name: 'Call a username' });
    await box.fill('bob');
    await box.press('Enter');
    const times = await page
      .waitForFunction(() => {
        const b = (
          window as unknown as { relayBench: { dialAt: number; ringingAt: number; audioAt: number } }
        ).relayBench;
        return b.ringingAt && b.audioAt ? b : undefined;
      })
      .then((handle) => handle.jsonValue());
    if (times === undefined) throw new Error('no timings');
    ringing.push(times.ringingAt - times.dialAt);
    audio.push(times.audioAt - times.dialAt);
    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await baresip.control.waitForType('CALL_CLOSED', 10_000, i);
    await waitForText(page, 'Call ended');
  }
  const row = (name: string, values: readonly number[]): string =>
    `${name.padEnd(22)} median ${median(values).toFixed(1).padStart(7)} ms   (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;
  process.stdout.write(
    [
      `Parley web client → Parley (UDP) → baresip (PCMU), media through rtpengine, ${calls} calls:`,
      row('dial → 180', ringing),
      row('dial → first audio', audio),
      '',
    ].join('\n'),
  );
} finally {
  await browser.close();
  await baresip.stop();
  await service.close();
  await rtpengine.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
