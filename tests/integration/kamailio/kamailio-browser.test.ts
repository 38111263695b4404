/**
 * The web client, unchanged, in Chromium, through Kamailio: the Parley service serves the app and the
 * API and advertises Kamailio's WebSocket URL as `sipUrl` in `/api/config` (`PARLEY_SIP_URL`); two
 * people sign up in the UI (their session tokens become SIP passwords), call, hear each other, hang up.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger.js';
import { startService, type RunningService } from '../../../server/src/service.js';
import { expectAudioReceived } from '../../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../../support/browser/chromium.js';
import { callAndAnswer, openClient, signUp, waitForText } from '../../support/browser/parley-page.js';
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

    browser = await launchChromium({ steadyTone: true });
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

    await callAndAnswer(a, b, 'bob');
    await expectAudioReceived([
      ['alice', a],
      ['bob', b],
    ]);

    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(a, 'You hung up.');
    await waitForText(b, 'alice hung up.');
  }, 120_000);
});
