/**
 * Debian Chromium driven by playwright-core, set up for real WebRTC with fake devices (FIELD-NOTES):
 * no `--mute-audio` (it zeroes received-audio statistics), fake microphone and permission prompt,
 * loopback ICE candidates, autoplay without a gesture, and a fresh profile per launch.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import { writeSineWav } from '../../../server/src/media/sine-wav.js';

export const CHROMIUM_PATH = process.env['PARLEY_CHROMIUM'] ?? '/usr/bin/chromium';

export const WEBRTC_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export interface TestBrowser {
  /** A fresh, isolated context: its own cookies and localStorage (one "device"). */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** A WAV file the fake microphone plays in a loop (`--use-file-for-fake-audio-capture`). */
  readonly fakeAudioFile?: string;
  /**
   * The fake microphone plays a steady 440 Hz tone (2 s, looped), so received audio energy and the
   * meters never depend on catching one of the default fake device's short beeps. The WAV lives in a
   * temporary folder removed by `close()`. Ignored when `fakeAudioFile` is given.
   */
  readonly steadyTone?: boolean;
}

/** Writes the steady tone of `LaunchOptions.steadyTone` into a new temporary folder. */
async function writeSteadyTone(): Promise<{ file: string; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-browser-tone-'));
  const file = path.join(dir, 'tone.wav');
  await writeSineWav(file, { hz: 440, seconds: 2, volume: 0.4 });
  return { file, dir };
}

/**
 * Launches headless Chromium. Playwright gives every launch a fresh temporary user-data-dir (and refuses
 * a `--user-data-dir` flag); each context is an isolated profile on top of it.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<TestBrowser> {
  const tone = !options.fakeAudioFile && options.steadyTone ? await writeSteadyTone() : undefined;
  const fakeAudioFile = options.fakeAudioFile ?? tone?.file;
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      ignoreDefaultArgs: ['--mute-audio'],
      args: [
        ...WEBRTC_FLAGS,
        ...(fakeAudioFile ? [`--use-file-for-fake-audio-capture=${fakeAudioFile}`] : []),
      ],
    })
    .catch(async (error: unknown) => {
      if (tone) await fs.rm(tone.dir, { recursive: true, force: true });
      throw error;
    });
  return {
    async newContext(contextOptions = {}) {
      const context = await browser.newContext({
        viewport: { width: 460, height: 880 },
        // English unless a test asks for another language (the UI follows navigator.languages, and
        // the existing tests find elements by their English names).
        locale: 'en-US',
        ...contextOptions,
        permissions: ['microphone'],
      });
      await context.addInitScript({ content: collectPeerConnections });
      return context;
    },
    async close() {
      await browser.close();
      if (tone) await fs.rm(tone.dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs in every page before the app: remembers each RTCPeerConnection on `window.__parleyPeerConnections`
 * so tests can read `getStats()`. A string, not a function, so no compiler helper (e.g. esbuild's
 * `__name`) leaks into the page.
 */
const collectPeerConnections = `
  (() => {
    window.__parleyPeerConnections = [];
    const Original = window.RTCPeerConnection;
    class Recorded extends Original {
      constructor(configuration) {
        super(configuration);
        window.__parleyPeerConnections.push(this);
      }
    }
    window.RTCPeerConnection = Recorded;
  })();
`;
