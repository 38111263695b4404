/**
 * Call set-up latency on loopback, median of N calls (issue 2, "Numbers to report"):
 * - dial → ringing at the callee: `engine.call()` until the callee's snapshot shows `incoming`;
 * - answer → first RTP packet: `engine.answer()` until the first RTP packet arrives at the caller
 *   (and, for information, at the callee).
 * Two real engines in Node (SIP.js over ws, werift media) through the real Parley service.
 *
 *   npx tsx bench/call-setup.ts [calls=20]
 */
import { performance } from 'node:perf_hooks';
import { createNodePhone } from '../tests/support/engine/node-phone.js';
import type { NodePhone } from '../tests/support/engine/node-phone.js';
import { startTestService } from '../tests/support/service/test-service.js';

const calls = Number(process.argv[2] ?? 20);

function firstPacket(phone: NodePhone): Promise<number> {
  return new Promise((resolve) => {
    const off = phone.onRtp(() => {
      off();
      resolve(performance.now());
    });
  });
}

function stats(name: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  return `${name.padEnd(34)} median ${median.toFixed(1).padStart(6)} ms   p90 ${at(0.9).toFixed(1).padStart(6)}   min ${sorted[0]!.toFixed(1).padStart(6)}   max ${sorted.at(-1)!.toFixed(1).padStart(6)}`;
}

async function main(): Promise<void> {
  const service = await startTestService();
  const alice = await service.createAccount('benchalice');
  const bob = await service.createAccount('benchbob');
  const caller = await createNodePhone({
    sipUrl: service.sipUrl,
    domain: service.domain,
    username: alice.username,
    password: alice.password,
  });
  const callee = await createNodePhone({
    sipUrl: service.sipUrl,
    domain: service.domain,
    username: bob.username,
    password: bob.password,
  });
  await Promise.all([caller.engine.start(), callee.engine.start()]);

  const dialToRinging: number[] = [];
  const answerToRtpAtCaller: number[] = [];
  const answerToRtpAtCallee: number[] = [];
  const dialToRtp: number[] = [];
  for (let i = 0; i < calls + 1; i++) {
    const dialed = performance.now();
    const id = caller.engine.call(bob.username);
    const incoming = await callee.waitForIncoming();
    const ringing = performance.now();
    const atCaller = firstPacket(caller);
    const atCallee = firstPacket(callee);
    const answered = performance.now();
    await callee.engine.answer(incoming.id);
    const [rtpCaller, rtpCallee] = await Promise.all([atCaller, atCallee]);
    if (i > 0) {
      // The first call warms up (module JIT, tone encoding); it is not counted.
      dialToRinging.push(ringing - dialed);
      answerToRtpAtCaller.push(rtpCaller - answered);
      answerToRtpAtCallee.push(rtpCallee - answered);
      dialToRtp.push(rtpCaller - dialed);
    }
    await caller.engine.hangup(id);
    await callee.waitForCall(incoming.id, 'ended');
    caller.engine.dismiss(id);
    callee.engine.dismiss(incoming.id);
  }
  console.log(
    `Call set-up on loopback, ${calls} calls (Node engines: SIP.js + werift, via the Parley service)`,
  );
  console.log(stats('dial → ringing at callee', dialToRinging));
  console.log(stats('answer → first RTP at caller', answerToRtpAtCaller));
  console.log(stats('answer → first RTP at callee', answerToRtpAtCallee));
  console.log(stats('dial → first RTP at caller', dialToRtp));
  await Promise.all([caller.close(), callee.close()]);
  await service.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
