/**
 * Which tones a page hears: every audio track it receives (over all its peer connections, recorded by
 * `launchChromium`) is summed into one Web Audio analyser; for each frequency asked, the level of its
 * FFT bin in dBFS. A tone another party's fake microphone plays (volume 0.4) reads about -20 to -40
 * dBFS; a frequency nobody plays stays below about -80 dBFS (codec noise).
 */
import type { Page } from 'playwright-core';

export async function remoteToneLevels(page: Page, frequencies: readonly number[]): Promise<number[]> {
  return page.evaluate(async (freqs) => {
    const pcs =
      (window as unknown as { __parleyPeerConnections?: RTCPeerConnection[] }).__parleyPeerConnections ?? [];
    const tracks = pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getReceivers().map((r) => r.track))
      .filter((t) => t.kind === 'audio' && t.readyState === 'live');
    const context = new AudioContext();
    await context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0.6;
    for (const track of tracks) context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    await new Promise((resolve) => setTimeout(resolve, 600)); // fill the analyser's window
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    await context.close();
    const hz = context.sampleRate / analyser.fftSize;
    return freqs.map((f) => {
      const i = Math.round(f / hz);
      const peak = Math.max(bins[i - 1] ?? -200, bins[i] ?? -200, bins[i + 1] ?? -200);
      return Number.isFinite(peak) ? peak : -200;
    });
  }, frequencies);
}
