/** The werift media handler on its own: two handlers exchange the Opus tone over real loopback sockets. */
import { afterEach, describe, expect, it } from 'vitest';
import { createOpusTone } from '../../../server/src/media/opus-tone.js';
import { readOggOpus } from '../../../server/src/media/ogg-opus-reader.js';
import { WeriftSessionDescriptionHandler } from '../../../server/src/media/werift-session-description-handler.js';
import { lowLatencyOpus } from '../../../renderer/src/engine/sdp-low-latency.js';

describe('werift session description handler', () => {
  const open: WeriftSessionDescriptionHandler[] = [];
  afterEach(() => open.splice(0).forEach((h) => h.close()));

  it('negotiates Opus, sends paced 20 ms frames and reports what it receives', async () => {
    const tone = await createOpusTone({ hz: 440, seconds: 1 });
    expect(tone.length).toBeGreaterThanOrEqual(50);
    const a = new WeriftSessionDescriptionHandler();
    const b = new WeriftSessionDescriptionHandler();
    open.push(a, b);
    const offer = await a.getDescription(undefined, [lowLatencyOpus]);
    expect(offer.body).toMatch(/m=audio .*\r\n/);
    expect(offer.body).toContain('a=ptime:10');
    expect(offer.body).toMatch(/a=candidate:.* 127\.0\.0\.1 /);
    await b.setDescription(offer.body);
    const answer = await b.getDescription();
    await a.setDescription(answer.body);
    const payloads: Buffer[] = [];
    const got18 = new Promise<void>((resolve) =>
      b.onRtp((rtp) => payloads.push(rtp.payload) >= 18 && resolve()),
    );
    await a.sendOpusFrames(tone.slice(0, 20));
    await got18;
    expect(a.stats.packetsSent).toBe(20);
    // What arrived is what was sent, byte for byte (after SRTP).
    expect(tone.slice(0, 20)).toEqual(expect.arrayContaining(payloads));
    expect(b.stats.bytesReceived).toBeGreaterThan(0);
  });

  it('reads Ogg Opus headers and packets', async () => {
    const { readFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    await createOpusTone({ hz: 440, seconds: 1 });
    const file = readOggOpus(await readFile(join(tmpdir(), 'parley-media', 'tone-440hz-1s.opus')));
    expect(file.channels).toBe(1);
    expect(file.preSkip).toBeGreaterThan(0);
    expect(file.packets.length).toBeGreaterThanOrEqual(50);
    expect(() => readOggOpus(Buffer.from('not ogg at all, sorry'))).toThrow(/Ogg/);
  });
});
