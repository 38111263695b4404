/**
 * The web client, unchanged, in Chromium, through Kamailio: the Parley service serves the app and the
 * API and advertises Kamailio's WebSocket URL as `sipUrl` in `/api/config` (`PARLEY_SIP_URL`); two
 * people sign up in the UI (their session tokens become SIP passwords), call, hear each other, hang up.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger.js';
import { startService, type RunningService } from '../../../server/src/service.js';
import { inboundAudio, pollUntil } from '../../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../../support/browser/chromium.js';
import { openClient, signUp, waitForText } from '../../support/browser/parley-page.js';
import { ensureWebBuild } from '../../support/browser/web-build.js';
import { freePort, startKamailio, type RunningKamailio } from '../../support/kamailio/start-kamailio.js';

const domain = 'localhost';
const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };

describe('the web client in Chromium through Kamailio', () => {
  let dataDir: string;
  let service: RunningService;
  let kamailio: RunningKamailio;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-kamailio-web-'));
    // Kamailio's port is chosen first so the service can advertise it; Kamailio starts second because
    // it reads the database the service creates.
    const port = await freePort();
    service = await startService(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir,
        domain,
        iceServers: [],
        noAnswerTimeoutMs: 30_000,
        logLevel: 'silent',
        sipUrl: `ws://127.0.0.1:${port}`,
      },
      silentLogger,
    );
    kamailio = await startKamailio({ dbPath: path.join(dataDir, 'parley.db'), domain, port });

    const tone = path.join(dataDir, 'tone.wav');
    execFileSync('sox', [
      '-n',
      '-r',
      '48000',
      '-c',
      '1',
      '-b',
      '16',
      tone,
      'synth',
      '2',
      'sine',
      '440',
      'vol',
      '0.4',
    ]);
    browser = await launchChromium({ fakeAudioFile: tone });
    a = await openClient(await browser.newContext(), service.url);
    b = await openClient(await browser.newContext(), service.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await kamailio?.stop();
    await service?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('signs up, registers at Kamailio (not at the service), calls with audio both ways, hangs up', async () => {
    const config = (await (await fetch(`${service.url}/api/config`)).json()) as { sipUrl: string };
    expect(config.sipUrl).toBe(kamailio.sipUrl);

    await signUp(a, alice);
    await signUp(b, bob);
    // Both browsers are bound in Kamailio's location table; the service's own registrar saw nobody.
    for (const user of ['alice', 'bob']) {
      expect(await kamailio.rpc('ul.lookup', 'location', `${user}@${domain}`)).toMatch(/Contact/);
      expect(service.sip.presenceOf(user)).toBe('offline');
    }

    const dial = a.getByRole('textbox', { name: 'Call a username' });
    await dial.fill('bob');
    await dial.press('Enter');
    await b.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForText(a, 'In call');
    await waitForText(b, 'In call');

    for (const [who, page] of [
      ['alice', a],
      ['bob', b],
    ] as const) {
      const audio = await pollUntil(
        () => inboundAudio(page),
        (s) => s.packetsReceived > 20 && s.totalAudioEnergy > 0,
        20_000,
        `audio received by ${who}`,
      );
      expect(audio.packetsReceived).toBeGreaterThan(20);
      expect(audio.totalAudioEnergy).toBeGreaterThan(0);
    }

    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(a, 'You hung up.');
    await waitForText(b, 'alice hung up.');
  }, 120_000);
});
