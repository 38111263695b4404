/**
 * Received-audio statistics of a page, from the peer connections recorded by `launchChromium`
 * (WebRTC Stats §7.4 `RTCInboundRtpStreamStats`): packets received and audio energy decoded.
 */
import type { Page } from 'playwright-core';

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
