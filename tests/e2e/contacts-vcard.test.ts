/**
 * The address book in Chromium against the real service (issue 16): a vCard file chosen in the file
 * picker is imported (favourites first), a broken one is refused with the card named and nothing
 * imported, a name is edited in the dialog, a phone number's Call button is disabled with the reason as
 * its description while the user may not call phones and shows the price once they may, and the export
 * downloads one vCard 4.0 file. Elements are found by role and accessible name.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FileChooser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { openClient, screenshot, signUp, waitUntilRegistered } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(ROOT, 'tests/fixtures/contacts/three-contacts.vcf');
const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };

let service: TestService;
let browser: TestBrowser;
let page: Page;

const book = (): Locator => page.getByRole('list', { name: 'Address book' });

/** The cards' names in the order shown, read from their favourite toggles. */
async function namesInOrder(): Promise<string[]> {
  const toggles = await book()
    .getByRole('button', { name: /^Favourite / })
    .all();
  return Promise.all(
    toggles.map(async (t) => ((await t.getAttribute('aria-label')) ?? '').slice('Favourite '.length)),
  );
}

/** The text the button's `aria-describedby` points at, once it reads `expected`. */
async function waitForDescription(button: Locator, expected: string): Promise<void> {
  const id = await button.getAttribute('aria-describedby');
  expect(id).toBeTruthy();
  await page.locator(`[id="${id}"]`).filter({ hasText: expected }).waitFor({ timeout: 10_000 });
}

async function chooseFile(files: Parameters<FileChooser['setFiles']>[0]): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Import contacts…', exact: true }).click(),
  ]);
  await chooser.setFiles(files);
}

beforeAll(async () => {
  ensureWebBuild();
  // A gateway file (the repository's example) so numbers get quotes; no call is placed in this test.
  service = await startTestService({
    gateway: {
      gatewayFile: path.join(ROOT, 'deploy/gateway.example.json'),
      ratesFile: path.join(ROOT, 'deploy/rates.example.csv'),
    },
  });
  await service.createAccount('bob', undefined, 'Bob B.');
  browser = await launchChromium();
  page = await openClient(await browser.newContext({ acceptDownloads: true }), service.baseUrl);
  await signUp(page, alice);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

describe('address book', () => {
  it('imports a .vcf from the file picker, favourites first; a broken file imports nothing', async () => {
    await chooseFile(FIXTURE);
    await page
      .getByRole('status')
      .filter({ hasText: 'Imported 3 contacts from three-contacts.vcf.' })
      .waitFor();
    expect(await namesInOrder()).toEqual(['Jürgen Müller-Lüdenscheidt', 'Ana Núñez', 'Bob Builder']);
    const jurgen = book().getByRole('button', { name: 'Favourite Jürgen Müller-Lüdenscheidt', exact: true });
    expect(await jurgen.getAttribute('aria-pressed')).toBe('true');
    // Bob's card names our user bob (IMPP sip:bob@localhost): callable on Parley, and in the contact list.
    await book().getByRole('button', { name: 'Call Bob Builder on Parley', exact: true }).waitFor();
    await page
      .getByRole('list', { name: 'Contacts' })
      .getByRole('button', { name: 'Call bob', exact: true })
      .waitFor();

    const broken =
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zed\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN;=x:Y\r\nEND:VCARD\r\n';
    await chooseFile({ name: 'broken.vcf', mimeType: 'text/vcard', buffer: Buffer.from(broken) });
    await page
      .getByRole('alert')
      .filter({ hasText: 'Nothing was imported. Card 2: it cannot be read' })
      .waitFor();
    expect(await namesInOrder()).toEqual(['Jürgen Müller-Lüdenscheidt', 'Ana Núñez', 'Bob Builder']);
    await screenshot(page, 'contacts-01-imported');
  });

  it('edits a name and marks a favourite in the dialog', async () => {
    await book().getByRole('button', { name: 'Edit Ana Núñez', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Ana Núñez' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Ana María Núñez');
    await dialog.getByRole('checkbox', { name: 'Favourite (shown first)' }).check();
    await screenshot(page, 'contacts-02-edit');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await book().getByRole('button', { name: 'Edit Ana María Núñez', exact: true }).waitFor();
    expect(await namesInOrder()).toEqual(['Ana María Núñez', 'Jürgen Müller-Lüdenscheidt', 'Bob Builder']);
  });

  it('disables a number’s Call button with the reason, and shows the price once phone calls are allowed', async () => {
    const mobile = () =>
      book().getByRole('button', { name: 'Call Jürgen Müller-Lüdenscheidt, mobile', exact: true });
    await waitForDescription(mobile(), 'You have no permission to call phones');
    expect(await mobile().isDisabled()).toBe(true);
    const typed = book().getByRole('button', { name: 'Call Ana María Núñez, work', exact: true });
    await waitForDescription(typed, 'Not a phone number that can be dialled');
    expect(await typed.isDisabled()).toBe(true);
    await screenshot(page, 'contacts-03-no-permission');

    await service.service.store.pstn.setPermission('alice', true, null, Date.now());
    await page.reload();
    await waitUntilRegistered(page);
    await waitForDescription(mobile(), 'Charges may apply: Germany, €0.02/min');
    expect(await mobile().isEnabled()).toBe(true);
    // The edit and the favourites survived the reload (they live in the service).
    expect(await namesInOrder()).toEqual(['Ana María Núñez', 'Jürgen Müller-Lüdenscheidt', 'Bob Builder']);
  });

  it('exports every contact as one vCard 4.0 download', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export contacts', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('parley-contacts.vcf');
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.match(/^VERSION:4\.0\r$/gm)).toHaveLength(3);
    expect(text).toContain('FN:Ana María Núñez\r\n');
    expect(text).toContain('TEL;TYPE=cell;VALUE=uri:tel:+4915123456789\r\n');
    expect(text).toContain('IMPP:sip:bob@localhost\r\n');
  });
});
