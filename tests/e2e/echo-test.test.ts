/**
 * "Check my setup" end to end through the real service: the test call reaches the echo agent
 * (`echo@DOMAIN`, werift), the caller's own tone (the fake microphone plays 440 Hz) comes back, and the
 * dialog shows a result with the round-trip time.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundAudio, pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { openClient, screenshot, signUp } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

/** The strongest frequency (Hz) in the audio the page's remote `<audio>` element plays. */
function dominantFrequency(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const element = document.getElementById('remote-audio') as HTMLAudioElement | null;
    const stream = element?.srcObject;
    if (!(stream instanceof MediaStream)) return 0;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 4096;
    context.createMediaStreamSource(stream).connect(analyser);
    await new Promise((resolve) => setTimeout(resolve, 400)); // fill the analyser's window
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let best = 0;
    for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
    await context.close();
    return (best * context.sampleRate) / analyser.fftSize;
  });
}

describe('Check my setup: echo test call', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService({ echo: true });
    browser = await launchChromium({ steadyTone: true });
    a = await openClient(await browser.newContext(), service.baseUrl);
    await signUp(a, { username: 'alice', password: 'alice-secret-1', displayName: 'Alice' });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it("the test call returns the caller's tone and ends with a result that has the round-trip time", async () => {
    // By keyboard: open Audio settings, Check my setup, Play test sound, then Tab to Start test call.
    await a.getByRole('button', { name: 'Audio settings' }).focus();
    await a.keyboard.press('Enter');
    await a.getByRole('dialog', { name: 'Audio settings' }).waitFor();
    await a.getByRole('button', { name: 'Check my setup' }).focus();
    await a.keyboard.press('Enter');
    const focused = () => a.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    await pollUntil(focused, (text) => text === 'Play test sound', 5_000, 'the focus on Play test sound');
    await a.keyboard.press('Enter');
    await a.keyboard.press('Tab');
    expect(await focused()).toBe('Start test call');
    await a.keyboard.press('Enter');
    await a.getByText(/Speak now: you should hear yourself/).waitFor({ timeout: 20_000 });

    const heard = await pollUntil(
      () => inboundAudio(a),
      (s) => s.packetsReceived > 50 && s.totalAudioEnergy > 0,
      10_000,
      'the echo to come back',
    );
    expect(heard.totalAudioEnergy).toBeGreaterThan(0);
    const hz = await dominantFrequency(a);
    console.info(`echo: ${heard.packetsReceived} packets back, strongest frequency ${hz.toFixed(0)} Hz`);
    expect(Math.abs(hz - 440)).toBeLessThan(30); // our own 440 Hz tone

    const result = a.getByRole('region', { name: 'Test call result' });
    await result.waitFor({ timeout: 20_000 });
    await a.getByText('Test call finished.').waitFor();
    const rtt = await result.locator('.echo-tile', { hasText: 'Round trip' }).locator('dd').textContent();
    console.info(`echo test result: round trip ${rtt}`);
    expect(rtt).toMatch(/^\d+ ms$/);
    await a.setViewportSize({ width: 460, height: 1320 }); // the whole dialog in one picture
    await screenshot(a, 'audio-settings-echo-result');
    // The finished test call does not stay on the main screen.
    await a.keyboard.press('Escape');
    expect(await a.getByText('Call ended').count()).toBe(0);
  });
});
