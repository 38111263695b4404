/**
 * Call set-up from Chromium to a plain phone (baresip, PCMU) through rtpengine, median of N calls, with
 * the SIP over UDP and the offer/answer through the relay hook driven here (what the proxy does per call):
 * - relay offer / relay answer: ng round trips to rtpengine (the relay's own cost per call);
 * - dial → 180: from the moment the browser's offer is ready (ICE gathered) until baresip's 180, relay
 *   offer included;
 * - dial → first audio: until the browser's remote track unmutes (Chromium unmutes it at the first RTP
 *   packet), i.e. relay offer + INVITE + 200 + relay answer + ICE + DTLS through rtpengine.
 * Excludes ICE gathering in the page (the same with or without the relay; FIELD-NOTES: ~125 ms).
 *
 *   npx tsx bench/relay-setup.ts [calls=10]
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRtpengineRelay } from '../server/src/media-relay/rtpengine-relay.js';
import { launchChromium } from '../tests/support/browser/chromium.js';
import { openUdpCall } from '../tests/integration/media-relay/udp-uac.js';
import { startBaresip } from '../tests/support/peers/baresip.js';
import { startTestRtpengine } from '../tests/support/peers/rtpengine.js';
import { writeToneWav } from '../tests/support/peers/tone.js';

const calls = Number(process.argv[2] ?? 10);

/** In the page: a fresh peer connection, its offer once gathered; notes when the remote track unmutes. */
const offerInPage = async (): Promise<string> => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const pc = new RTCPeerConnection({ iceServers: [] });
  const state = { pc, firstAudioAt: 0 };
  (window as unknown as { bench: typeof state }).bench = state;
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  pc.ontrack = (event) => {
    event.track.onunmute = () => {
      if (state.firstAudioAt === 0) state.firstAudioAt = performance.timeOrigin + performance.now();
    };
  };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') resolve();
    pc.onicegatheringstatechange = () => {
      if (pc.iceGatheringState === 'complete') resolve();
    };
  });
  return pc.localDescription?.sdp ?? '';
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-relay-bench-'));
const tone = path.join(dir, 'tone.wav');
await writeToneWav(tone, 440, 2);
const [rtpengine, baresip, browser] = await Promise.all([
  startTestRtpengine(),
  startBaresip(),
  launchChromium({ fakeAudioFile: tone }),
]);
const relay = createRtpengineRelay({ address: rtpengine.address });
const server = http.createServer((_request, response) => response.end('<!doctype html><title>bench</title>'));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const pageUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;

const samples = {
  offer: [] as number[],
  answer: [] as number[],
  ringing: [] as number[],
  audio: [] as number[],
};
try {
  for (let i = 0; i < calls; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(pageUrl);
    const sdp = await page.evaluate(offerInPage);
    const call = await openUdpCall(baresip.uri);
    const leg = { callId: call.callId, fromTag: call.fromTag };
    // Wall-clock ms on both sides: the page's timeOrigin + now() and Node's are one machine's clock.
    const dialAt = performance.timeOrigin + performance.now();
    const toPhone = await relay.offer(leg, sdp, 'webrtc', 'plain');
    const offeredAt = performance.timeOrigin + performance.now();
    const answer = await call.invite(toPhone);
    const answerStart = performance.now();
    const toBrowser = await relay.answer({ ...leg, toTag: answer.toTag }, answer.sdp, 'plain', 'webrtc');
    samples.answer.push(performance.now() - answerStart);
    await page.evaluate(async (remote) => {
      await (window as unknown as { bench: { pc: RTCPeerConnection } }).bench.pc.setRemoteDescription({
        type: 'answer',
        sdp: remote,
      });
    }, toBrowser);
    const firstAudioAt = await page
      .waitForFunction(
        () => (window as unknown as { bench: { firstAudioAt: number } }).bench.firstAudioAt || 0,
      )
      .then((handle) => handle.jsonValue());
    samples.offer.push(offeredAt - dialAt);
    samples.ringing.push(offeredAt - dialAt + (answer.ringingAfterMs ?? Number.NaN));
    samples.audio.push(firstAudioAt - dialAt);
    await call.bye();
    await baresip.control.waitForType('CALL_CLOSED', 10_000, i);
    await relay.delete(leg);
    call.close();
    await context.close();
  }
  const row = (name: string, values: readonly number[]): string =>
    `${name.padEnd(22)} median ${median(values).toFixed(1).padStart(7)} ms   (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`;
  process.stdout.write(
    [
      `Chromium → rtpengine → baresip (PCMU), ${calls} calls, UDP signalling driven by the bench:`,
      row('relay offer (ng)', samples.offer),
      row('relay answer (ng)', samples.answer),
      row('dial → 180', samples.ringing),
      row('dial → first audio', samples.audio),
      '',
    ].join('\n'),
  );
} finally {
  relay.close();
  await Promise.all([rtpengine.stop(), baresip.stop(), browser.close()]);
  server.close();
  await fs.rm(dir, { recursive: true, force: true });
}
