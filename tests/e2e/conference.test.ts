/**
 * "Merge calls" (issue 13): a three-way call mixed in Alice's client with Web Audio.
 * Alice talks with Bob, Dave calls her (call waiting), she answers (Bob on hold) and merges. Each person's
 * fake microphone plays its own tone (three Chromium processes), and each hears the two others'
 * tones. When Alice leaves, both others' calls end cleanly.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSineWav } from '../../server/src/media/sine-wav.js';
import { pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import {
  callAndAnswer,
  dial,
  openSignedUp,
  screenshot,
  waitForText,
} from '../support/browser/parley-page.js';
import { remoteToneLevels } from '../support/browser/remote-tones.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const people = [
  { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example', hz: 523 },
  { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder', hz: 740 },
  { username: 'dave', password: 'dave-secret-1', displayName: 'Dave Third', hz: 988 },
] as const;

/** Waits until `page` hears each of `present` clearly (above -50 dBFS), and none of `absent` (below -70). */
async function expectHears(page: Page, who: string, present: number[], absent: number[]): Promise<void> {
  const levels = await pollUntil(
    () => remoteToneLevels(page, [...present, ...absent]),
    (l) => l.slice(0, present.length).every((db) => db > -50),
    20_000,
    `${who} to hear ${present.join(' and ')} Hz`,
  );
  console.info(`${who} hears`, Object.fromEntries([...present, ...absent].map((f, i) => [f, levels[i]])));
  for (const db of levels.slice(present.length)) expect(db).toBeLessThan(-70);
}

describe('three-way call mixed in the client', () => {
  let service: TestService;
  let dir: string;
  const browsers: TestBrowser[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-conference-'));
    for (const person of people) {
      const file = path.join(dir, `${person.username}.wav`);
      await writeSineWav(file, { hz: person.hz, seconds: 2, volume: 0.4 });
      const browser = await launchChromium({ fakeAudioFile: file });
      browsers.push(browser);
      pages.push(await openSignedUp(browser, service.baseUrl, person));
    }
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await service?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('Alice merges her calls with Bob and Dave: each hears the two others; her leaving ends it for both', async () => {
    const [a, b, d] = pages as [Page, Page, Page];
    await callAndAnswer(a, b, 'bob');
    // Before the merge Bob hears only Alice.
    await expectHears(b, 'bob', [523], [988]);

    // Dave calls Alice (call waiting); she answers, Bob goes on hold, then she merges the calls.
    await dial(d, 'alice');
    await a.getByRole('heading', { name: 'Dave Third is calling' }).waitFor();
    await screenshot(a, '26b-second-call-waiting');
    await a.getByRole('button', { name: 'Answer and hold', exact: true }).click();
    await waitForText(d, 'In call');
    await waitForText(b, 'On hold: alice put you on hold');
    const others = a.getByRole('list', { name: 'Other calls' });
    await others.getByRole('button', { name: 'Merge calls', exact: true }).click();
    await waitForText(a, 'In a three-way call');
    await others.getByText('In the call', { exact: true }).waitFor();
    await waitForText(b, 'In call');
    await screenshot(a, '27-three-way-call');

    await expectHears(b, 'bob', [523, 988], []);
    await expectHears(d, 'dave', [523, 740], []);
    await expectHears(a, 'alice', [740, 988], []);

    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'alice hung up.');
    await waitForText(d, 'alice hung up.');
  });
});
