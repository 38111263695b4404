/**
 * Status, Do not disturb and the busy lamp end to end in Chromium (issue 13 item 7), three people on the
 * real service with its voicemail agent: Alice sets "Do not disturb" with a note, and Bob's contact list
 * shows it live; Bob calls Alice: no device of hers rings, Bob reads that she is in Do not disturb and
 * the call goes to her voicemail. Then Carol calls Alice: Bob sees "Ringing", then "On the phone" when
 * she answers, then her chosen status again.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { dial, openSignedUp, screenshot, waitForText } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };
const carol = { username: 'carol', password: 'carol-secret-1', displayName: 'Carol Caller' };

describe('status, Do not disturb and the busy lamp in the browser', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;
  let c: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService({ voicemail: true });
    browser = await launchChromium({ steadyTone: true });
    a = await openSignedUp(browser, service.baseUrl, alice);
    b = await openSignedUp(browser, service.baseUrl, bob);
    c = await openSignedUp(browser, service.baseUrl, carol);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  /** Alice's row in Bob's contact list. */
  const aliceRow = () =>
    b
      .getByRole('list', { name: 'Contacts' })
      .getByRole('listitem')
      .filter({ has: b.getByRole('button', { name: 'Call alice', exact: true }) });

  it('Alice sets Do not disturb with a note; Bob’s contact list and directory show it live', async () => {
    await b.getByRole('searchbox', { name: 'Search users' }).fill('ali');
    await b.getByRole('button', { name: 'Add alice to contacts', exact: true }).click();
    await aliceRow().getByText('Available', { exact: true }).waitFor();

    const status = a.getByRole('button', { name: 'Status', exact: true });
    await status.click();
    const panel = a.getByRole('dialog', { name: 'Set your status' });
    await panel.getByRole('textbox', { name: 'Status note' }).fill('Back at 3');
    await panel.getByRole('radio', { name: /^Do not disturb/ }).check();
    await screenshot(a, 'status-01-menu');
    await panel.getByRole('button', { name: 'Save note', exact: true }).click();
    await expect(panel.isVisible()).resolves.toBe(false);
    await a.getByText('Back at 3').first().waitFor();

    // Live on Bob's screen (SSE), in the contact list and in the directory results.
    await aliceRow().getByText('Do not disturb', { exact: true }).waitFor();
    await aliceRow().getByText('Back at 3', { exact: true }).waitFor();
    const directory = b.getByRole('list', { name: 'Search results' });
    await directory.getByText('Do not disturb', { exact: true }).waitFor();
    await screenshot(b, 'status-02-contact-list');
    // Kept by the service: a reload still shows it on Alice's own control.
    await a.reload();
    await a.getByText('Back at 3').first().waitFor({ timeout: 20_000 });
  });

  it('Bob calls Alice in Do not disturb: nothing rings at Alice, Bob reads why, voicemail takes it', async () => {
    await dial(b, 'alice');
    await waitForText(b, /Alice Example is in Do not disturb — leave a voicemail/);
    await waitForText(b, 'In call', 20_000); // the voicemail agent answered
    await screenshot(b, 'status-03-dnd-call');
    await expect(a.getByRole('button', { name: 'Answer', exact: true }).count()).resolves.toBe(0);
    await expect(a.getByText(/is calling/).count()).resolves.toBe(0);
    await b.getByRole('button', { name: 'Hang up', exact: true }).click();
    await b.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('Carol calls Alice: Bob sees Ringing, then On the phone, then Alice’s status again', async () => {
    await a.getByRole('button', { name: 'Status', exact: true }).click();
    await a.getByRole('radio', { name: /^Away/ }).check();
    await a.keyboard.press('Escape');
    await aliceRow().getByText('Away', { exact: true }).waitFor();

    await dial(c, 'alice');
    await a.getByRole('button', { name: 'Answer', exact: true }).waitFor();
    await aliceRow().getByText('Ringing', { exact: true }).waitFor();
    await screenshot(b, 'status-04-ringing');
    await a.getByRole('button', { name: 'Answer', exact: true }).click();
    await aliceRow().getByText('On the phone', { exact: true }).waitFor();
    await c.getByRole('button', { name: 'Hang up', exact: true }).click();
    await aliceRow().getByText('Away', { exact: true }).waitFor();
    await aliceRow().getByText('Back at 3', { exact: true }).waitFor();
  });
});
