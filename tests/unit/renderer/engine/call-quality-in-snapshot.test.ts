import { describe, expect, it } from 'vitest';
import type { CallStatsSample } from '../../../../renderer/src/engine/call-quality.js';
import { createEngineHarness } from '../../../support/engine/engine-harness.js';

/** A scripted stats reader: each reading returns the next sample (the last one repeats). */
function scriptedStats(samples: Array<Omit<CallStatsSample, 'at'>>) {
  let at = 0;
  let reads = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    get reads() {
      return reads;
    },
    /** Resolves once the engine has taken `count` readings in all. */
    whenReads(count: number): Promise<void> {
      if (reads >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    read: () => {
      const sample = samples[Math.min(reads, samples.length - 1)]!;
      reads++;
      at += 2000;
      for (const w of waiters.filter((w) => reads >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      return Promise.resolve({ at, ...sample });
    },
  };
}

async function activeCall(stats: ReturnType<typeof scriptedStats>) {
  const h = createEngineHarness({ engine: { readCallStats: stats.read, callQualityIntervalMs: 10 } });
  await h.register();
  const id = h.engine.call('bob');
  const invite = await h.server.nextRequest('INVITE');
  h.server.acceptInvite(invite);
  await h.server.nextRequest('ACK');
  await h.until(() => h.call(id)?.state === 'active');
  return { h, id };
}

describe('call quality in the snapshot', () => {
  it('appears while the call is active and follows the readings', async () => {
    const stats = scriptedStats([
      { packetsReceived: 0, packetsLost: 0, rttMs: 1 },
      { packetsReceived: 200, packetsLost: 0, rttMs: 1, jitterMs: 2 },
      { packetsReceived: 360, packetsLost: 40, rttMs: 1, jitterMs: 2 },
    ]);
    const { h, id } = await activeCall(stats);
    const good = await h.until((s) => s.calls[0]?.quality?.level === 'good');
    expect(good.calls[0]?.quality).toMatchObject({ level: 'good', rttMs: 1, jitterMs: 2, lossPercent: 0 });
    const poor = await h.until((s) => s.calls[0]?.quality?.level === 'poor');
    expect(poor.calls[0]?.quality).toMatchObject({ lossPercent: 20 });
    expect(Object.isFrozen(poor.calls[0]?.quality)).toBe(true);

    // Ended: readings stop, the last quality stays for the summary.
    await h.engine.hangup(id);
    h.server.reply(await h.server.nextRequest('BYE'), 200);
    const after = stats.reads;
    // Proving an absence takes time: six reading intervals (10 ms each) with no reading.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(stats.reads).toBe(after);
    expect(h.call(id)?.state).toBe('ended');
  });

  it('does not publish a new snapshot when the quality did not change', async () => {
    // Packets keep arriving at the same pace, without loss: the same quality every time.
    const stats = scriptedStats(
      Array.from({ length: 100 }, (_, i) => ({ packetsReceived: 200 * i, packetsLost: 0, rttMs: 1 })),
    );
    const { h, id } = await activeCall(stats);
    await h.until((s) => s.calls[0]?.quality?.level === 'good');
    let changes = 0;
    const off = h.engine.subscribe(() => changes++);
    // Three more readings, each assessed after it resolves: still no new snapshot.
    await stats.whenReads(stats.reads + 4);
    off();
    expect(changes).toBe(0);
    await h.engine.hangup(id);
  });

  it('leaves quality out when the platform reads no statistics', async () => {
    const h = createEngineHarness();
    await h.register();
    const id = h.engine.call('bob');
    h.server.acceptInvite(await h.server.nextRequest('INVITE'));
    await h.until(() => h.call(id)?.state === 'active');
    expect(h.call(id)).not.toHaveProperty('quality');
    await h.engine.hangup(id);
  });
});
