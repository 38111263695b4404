/**
 * Headset and device numbers (issue 12), in Chromium through the real service, with the same fake
 * `navigator.hid` as the e2e test (the real Plantronics Blackwire 3220 descriptor):
 * - hook switch → 200 OK: Bob calls Alice, Alice's page receives the hook-switch input report, and we
 *   note when the 200 OK (to the INVITE) leaves her WebSocket (`performance.now()` in her page);
 * - microphone switch → audio again: mid-call Alice picks the other microphone in Audio settings; we note
 *   when her new track is on the RTP sender, and the longest stretch without new audio energy at Bob
 *   (sampled every 10 ms in Bob's page) around the switch — the dropout a listener would hear.
 * Times across pages use `Date.now()` (one machine, one clock).
 *
 *   npx tsx bench/headset-latency.ts [rounds=10]
 */
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/support/browser/chromium.js';
import { fakeHidScript, hidInput, sipSentAfter } from '../tests/support/browser/fake-hid.js';
import { dial, openClient, signUp, waitForText } from '../tests/support/browser/parley-page.js';
import { ensureWebBuild } from '../tests/support/browser/web-build.js';
import { startTestService } from '../tests/support/service/test-service.js';

const rounds = Number(process.argv[2] ?? 10);

function stats(values: number[]): string {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${at(1).toFixed(1)} ms (n=${values.length})`;
}

/** Starts sampling received audio energy every 10 ms in `page` (window.__energy). */
async function startEnergySampler(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __energy: { t: number; e: number }[];
      __parleyPeerConnections: RTCPeerConnection[];
      __energyTimer?: number;
    };
    w.__energy = [];
    w.__energyTimer = window.setInterval(() => {
      const pc = w.__parleyPeerConnections.filter((p) => p.connectionState !== 'closed').at(-1);
      if (!pc) return;
      void pc.getStats().then((stats) => {
        stats.forEach((r: { type: string; kind?: string; totalAudioEnergy?: number }) => {
          if (r.type === 'inbound-rtp' && r.kind === 'audio')
            w.__energy.push({ t: Date.now(), e: r.totalAudioEnergy ?? 0 });
        });
      });
    }, 10);
  });
}

/** Stops sampling; returns the longest time (ms) between two increases of received energy. */
async function longestSilence(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { __energy: { t: number; e: number }[]; __energyTimer?: number };
    window.clearInterval(w.__energyTimer);
    let last = w.__energy[0];
    let longest = 0;
    for (const s of w.__energy) {
      if (!last) break;
      if (s.e > last.e) {
        longest = Math.max(longest, s.t - last.t);
        last = s;
      }
    }
    return longest;
  });
}

async function main(): Promise<void> {
  ensureWebBuild();
  const service = await startTestService();
  const browser = await launchChromium({ steadyTone: true });
  try {
    const aliceContext = await browser.newContext();
    await aliceContext.addInitScript({ content: fakeHidScript('plantronics-blackwire-3220.json') });
    const a = await openClient(aliceContext, service.baseUrl);
    const b = await openClient(await browser.newContext(), service.baseUrl);
    await signUp(a, { username: 'alice', password: 'alice-secret-1', displayName: 'Alice' });
    await signUp(b, { username: 'bob', password: 'bob-secret-123', displayName: 'Bob' });

    const hookToOk: number[] = [];
    const switchToTrack: number[] = [];
    const dropouts: number[] = [];
    const mics = ['Fake Audio Input 1', 'Fake Audio Input 2'];
    for (let round = 0; round < rounds; round++) {
      await dial(b, 'alice');
      await a.getByRole('button', { name: 'Answer', exact: true }).waitFor();
      const pressedAt = await hidInput(a, 8, [0b010]);
      await waitForText(a, 'In call');
      await waitForText(b, 'In call');
      const okAt = await sipSentAfter(a, 'SIP/2.0 200', 'INVITE', pressedAt);
      if (okAt !== undefined) hookToOk.push(okAt - pressedAt);

      // Let audio flow, then switch the microphone from the call's Audio settings.
      await a.waitForTimeout(1000);
      await startEnergySampler(b);
      await a.waitForTimeout(500);
      await a.getByRole('button', { name: 'Audio settings' }).last().click();
      const before = await a.evaluate(() => {
        const w = window as unknown as { __parleyPeerConnections: RTCPeerConnection[] };
        return w.__parleyPeerConnections.at(-1)?.getSenders()[0]?.track?.id ?? '';
      });
      const chosenAt = Date.now();
      await a.getByRole('combobox', { name: 'Microphone' }).selectOption({ label: mics[round % 2]! });
      const trackAt = await a.evaluate(async (old) => {
        const w = window as unknown as { __parleyPeerConnections: RTCPeerConnection[] };
        for (;;) {
          const id = w.__parleyPeerConnections.at(-1)?.getSenders()[0]?.track?.id ?? '';
          if (id && id !== old) return Date.now();
          await new Promise((r) => setTimeout(r, 2));
        }
      }, before);
      switchToTrack.push(trackAt - chosenAt);
      await a.waitForTimeout(1500);
      dropouts.push(await longestSilence(b));
      await a.keyboard.press('Escape');

      await hidInput(a, 8, [0b000]); // hang up from the headset
      await waitForText(b, 'alice hung up.');
      await a.getByRole('button', { name: 'Close', exact: true }).click();
      await b.getByRole('button', { name: 'Close', exact: true }).click();
    }
    console.log(`hook switch report → 200 OK leaves the client: ${stats(hookToOk)}`);
    console.log(`microphone chosen → new track on the RTP sender: ${stats(switchToTrack)}`);
    console.log(`longest gap in received audio energy at the far end around the switch: ${stats(dropouts)}`);
    console.log('(received-energy samples are 10 ms apart; a normal packet gap is 10–20 ms)');
  } finally {
    await browser.close();
    await service.stop();
  }
}

await main();
