/** What `npm start` does about rtpengine, with the real binary (and without it, by hiding it from PATH). */
import { describe, expect, it } from 'vitest';
import { ensureLocalRtpengine } from '../../../server/src/media-relay/local-rtpengine.js';
import { NgClient } from '../../../server/src/media-relay/ng-client.js';
import { freeUdpPort } from '../../support/peers/free-port.js';

describe('npm start and rtpengine', () => {
  it('starts rtpengine from deploy/rtpengine when nothing answers, reuses one that does, and stops it', async () => {
    const address = { host: '127.0.0.1', port: await freeUdpPort() };
    const first = await ensureLocalRtpengine(address);
    expect(first.kind, first.note).toBe('started');
    try {
      const client = new NgClient({ address });
      await expect(client.ping()).resolves.toBeUndefined();
      client.close();
      const second = await ensureLocalRtpengine(address);
      expect(second).toEqual({
        kind: 'running',
        note: `Media relay: rtpengine at udp:127.0.0.1:${address.port}.`,
      });
    } finally {
      if (first.kind === 'started') await first.process.stop();
    }
    const gone = new NgClient({ address, timeoutMs: 50, retries: 0 });
    await expect(gone.ping()).rejects.toMatchObject({ code: 'timeout' });
    gone.close();
  });

  it('without the binary: one line saying what to install and that browser calls still work', async () => {
    const result = await ensureLocalRtpengine(
      { host: '127.0.0.1', port: await freeUdpPort() },
      '/nonexistent',
    );
    expect(result.kind).toBe('missing');
    expect(result.note).toMatch(/rtpengine-daemon.*488.*browser-to-browser calls work/);
    expect(result.note).not.toContain('\n');
  });

  it('off: no relay and says so', async () => {
    expect((await ensureLocalRtpengine(undefined)).kind).toBe('off');
  });
});
