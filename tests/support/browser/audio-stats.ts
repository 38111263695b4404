/**
 * Received-audio statistics of a page, from the peer connections recorded by `launchChromium`
 * (WebRTC Stats §7.4 `RTCInboundRtpStreamStats`): packets received and audio energy decoded.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface InboundAudio {
  readonly packetsReceived: number;
  readonly totalAudioEnergy: number;
  readonly totalSamplesReceived: number;
}

/** Sums inbound audio over the page's open peer connections. */
export async function inboundAudio(page: Page): Promise<InboundAudio> {
  return page.evaluate(async () => {
    const pcs =
      (window as unknown as { __parleyPeerConnections?: RTCPeerConnection[] }).__parleyPeerConnections ?? [];
    const total = { packetsReceived: 0, totalAudioEnergy: 0, totalSamplesReceived: 0 };
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((report: { type: string; kind?: string } & Record<string, unknown>) => {
        if (report.type !== 'inbound-rtp' || report.kind !== 'audio') return;
        total.packetsReceived += Number(report['packetsReceived'] ?? 0);
        total.totalAudioEnergy += Number(report['totalAudioEnergy'] ?? 0);
        total.totalSamplesReceived += Number(report['totalSamplesReceived'] ?? 0);
      });
    }
    return total;
  });
}

/** Polls `read` until `done` accepts its value (stats have no event to await), or fails after `timeoutMs`. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await read();
  }
  return last;
}

/**
 * Audio flows into every page: each one receives more than 20 packets that decode to non-silent audio
 * (polled for up to 20 s, then asserted). `pages` names each page for the failure message.
 */
export async function expectAudioReceived(
  pages: ReadonlyArray<readonly [who: string, page: Page]>,
): Promise<void> {
  for (const [who, page] of pages) {
    const audio = await pollUntil(
      () => inboundAudio(page),
      (s) => s.packetsReceived > 20 && s.totalAudioEnergy > 0,
      20_000,
      `audio received by ${who}`,
    );
    console.info(`${who} received`, audio);
    expect(audio.packetsReceived).toBeGreaterThan(20);
    expect(audio.totalAudioEnergy).toBeGreaterThan(0);
  }
}
