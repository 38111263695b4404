import { describe, expect, it } from 'vitest';
import type { CallStatsSample } from '../../../../renderer/src/engine/call-quality.js';
import { createEngineHarness } from '../../../support/engine/engine-harness.js';

/** A scripted stats reader: each reading returns the next sample (the last one repeats). */
function scriptedStats(samples: Array<Omit<CallStatsSample, 'at'>>) {
  let at = 0;
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    read: () => {
      const sample = samples[Math.min(reads, samples.length - 1)]!;
      reads++;
      at += 2000;
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
    const reads = stats.reads;
    await new Promise((resolve) => setTimeout(resolve, 80));
    off();
    expect(stats.reads).toBeGreaterThan(reads + 2);
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
