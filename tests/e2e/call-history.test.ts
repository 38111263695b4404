/**
 * Call history end to end in Chromium between two Parley clients through the real service: an answered
 * call appears on both sides with its length and the device that answered; a missed call raises the
 * badge live and "Call back" rings the caller; the history survives a reload and appears on a second
 * device of the same user (a second browser context signed in as Bob); Delete and Clear all work.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallHistoryPage } from '../../common/call-history-types.js';
import { SESSION_STORAGE_KEY } from '../../renderer/src/app/session-persistence.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import {
  dial,
  openClient,
  openSignedUp,
  screenshot,
  waitForText,
  waitUntilRegistered,
} from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };

async function tokenOf(page: Page): Promise<string> {
  const raw = await page.evaluate((key) => localStorage.getItem(key) ?? '', SESSION_STORAGE_KEY);
  return (JSON.parse(raw) as { token: string }).token;
}

const history = (page: Page) => page.getByRole('dialog', { name: 'Call history' });

async function openHistory(page: Page, label: string | RegExp = /^Call history/): Promise<void> {
  await page.getByRole('button', { name: label }).click();
  await history(page).getByRole('heading', { name: 'Call history' }).waitFor();
}

async function closeHistory(page: Page): Promise<void> {
  await history(page).getByRole('button', { name: 'Back to calls' }).click();
}

describe('call history in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium({ steadyTone: true });
    a = await openSignedUp(browser, service.baseUrl, alice);
    b = await openSignedUp(browser, service.baseUrl, bob);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('an answered call appears on both sides with its length and the device that answered', async () => {
    await openHistory(b, 'Call history');
    await history(b).getByText('No calls yet.', { exact: true }).waitFor();
    await closeHistory(b);

    await dial(a, 'bob');
    await b.getByRole('button', { name: 'Answer', exact: true }).click();
    await waitForText(a, 'In call');
    await a.getByText('00:02', { exact: true }).waitFor({ timeout: 10_000 }); // the call's own timer
    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(b, 'alice hung up.');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();

    await openHistory(a);
    const out = history(a).getByRole('listitem', {
      name: /^Outgoing call to Bob Builder, \d+ seconds?, Just now$/,
    });
    await out.waitFor();
    await out.getByText(/^0:0[2-9]$/).waitFor();
    await out
      .getByText('From Parley web (Chrome on Linux), answered on Parley web (Chrome on Linux)')
      .waitFor();
    await closeHistory(a);

    await openHistory(b);
    const inc = history(b).getByRole('listitem', { name: /^Incoming call from Alice Example, \d+ seconds?/ });
    await inc.waitFor();
    await inc.getByText('Answered on Parley web (Chrome on Linux)', { exact: true }).waitFor();
    await closeHistory(b);
  });

  it('a missed call shows the badge live; opening the history clears it; "Call back" rings the caller', async () => {
    await dial(a, 'bob');
    await b.getByRole('button', { name: 'Answer', exact: true }).waitFor();
    await a.getByRole('button', { name: 'Hang up', exact: true }).click();
    await a.getByRole('button', { name: 'Close', exact: true }).click();

    // The badge appears without a reload (the service's `calls` event).
    const badge = b.getByRole('button', { name: 'Call history, 1 missed', exact: true });
    await badge.waitFor({ timeout: 15_000 });
    await b
      .getByRole('button', { name: 'Close', exact: true })
      .click()
      .catch(() => undefined);
    await screenshot(b, 'call-history-01-badge');
    await badge.click();
    const missed = history(b).getByRole('listitem', { name: /^Missed call from Alice Example/ });
    await missed.waitFor();
    await screenshot(b, 'call-history-02-view');
    // Opened: the badge is cleared by the service (for every device of Bob's).
    const token = await tokenOf(b);
    const res = await fetch(`${service.baseUrl}/api/calls`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await res.json()) as CallHistoryPage).missedUnseen).toBe(0);

    await missed.getByRole('button', { name: 'Call back', exact: true }).click();
    // The view closes and Alice's phone rings with Bob calling.
    await a.getByRole('button', { name: 'Answer', exact: true }).waitFor();
    await a.getByRole('heading', { name: 'Bob Builder is calling', exact: true }).waitFor();
    await a.getByRole('button', { name: 'Decline', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();
    await b.getByRole('button', { name: 'Call history', exact: true }).waitFor();
  });

  it('the history survives a reload and follows Bob to a second device; Delete and Clear all work', async () => {
    await b.reload();
    await waitUntilRegistered(b);
    await openHistory(b, 'Call history');
    const rows = history(b).getByRole('list', { name: 'Calls' }).getByRole('listitem');
    await history(b)
      .getByRole('listitem', { name: /^Outgoing call to Alice Example/ })
      .waitFor();
    expect(await rows.count()).toBe(3);
    await closeHistory(b);

    // A second device: another browser context, signing in as Bob.
    const second = await openClient(await browser.newContext(), service.baseUrl);
    await second.getByRole('button', { name: 'Use your account' }).click();
    await second.getByRole('textbox', { name: 'Username', exact: true }).fill(bob.username);
    await second.getByLabel('Password', { exact: true }).fill(bob.password);
    await second.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitUntilRegistered(second);
    await openHistory(second, 'Call history'); // seen on the first device: no badge here either
    const list = history(second).getByRole('list', { name: 'Calls' });
    await list.getByRole('listitem', { name: /^Outgoing call to Alice Example/ }).waitFor();
    await list.getByRole('listitem', { name: /^Missed call from Alice Example/ }).waitFor();
    await list.getByRole('listitem', { name: /^Incoming call from Alice Example/ }).waitFor();
    await screenshot(second, 'call-history-03-second-device');

    await list
      .getByRole('listitem', { name: /^Missed call from Alice Example/ })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    await history(second).getByText('Call with Alice Example deleted.').waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);

    await history(second).getByRole('button', { name: 'Clear all', exact: true }).click();
    const confirm = history(second).getByRole('alertdialog');
    await confirm.getByText(/Clear all calls from your history/).waitFor();
    await confirm.getByRole('button', { name: 'Clear all', exact: true }).click();
    await history(second).getByText('No calls yet.', { exact: true }).waitFor();

    // The service forgot them: the first device shows the empty history too.
    await openHistory(b, 'Call history');
    await history(b).getByText('No calls yet.', { exact: true }).waitFor();
    // Alice's own history is hers: untouched.
    await openHistory(a);
    expect(await history(a).getByRole('list', { name: 'Calls' }).getByRole('listitem').count()).toBe(3);
  });
});
