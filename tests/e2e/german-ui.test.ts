/**
 * The UI in German (issue 16): a browser whose language is de-DE signs up, chats, takes a call, and
 * reads its voicemail, and on each screen `document.body.innerText` holds the German words and none of
 * the English ones (tests/support/i18n/english-on-screen.ts). A phone number's price reads "0,02 €/Min."
 * and a voicemail's length "… Sekunden". Then Settings switches the language to English and back,
 * live, and the choice survives a reload. Elements are found by their German roles and names.
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { openClient, openSignedUp, screenshot, waitForText } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { englishOnScreen } from '../support/i18n/english-on-screen.js';
import { startTestService, type TestService } from '../support/service/test-service.js';
import { EXAMPLE_RATES_FILE, writeExampleGatewayFile } from '../support/gateway/example-gateway.js';

const anna = { username: 'anna', password: 'anna-secret-1', displayName: 'Anna Schmidt' };
const bernd = { username: 'bernd', password: 'bernd-secret-1', displayName: 'Bernd Müller' };

/** Nothing on the page is in English (the list of phrases found is printed when it fails). */
async function expectGermanOnly(page: Page): Promise<void> {
  expect(await englishOnScreen(page)).toEqual([]);
}

describe('the UI in German (de-DE)', () => {
  let carrier: dgram.Socket;
  let dir: string;
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    // The gateway only quotes here (no call goes out), but its trunk needs an address.
    carrier = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => carrier.bind(0, '127.0.0.1', resolve));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-german-e2e-'));
    const gatewayFile = await writeExampleGatewayFile(dir, carrier.address().port);
    service = await startTestService({
      voicemail: true,
      gateway: { gatewayFile, ratesFile: EXAMPLE_RATES_FILE },
    });
    browser = await launchChromium();
    // Bernd's browser is English (the default of the test browsers): only Anna's is German.
    b = await openSignedUp(browser, service.baseUrl, bernd);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    carrier?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs up in German', async () => {
    a = await openClient(await browser.newContext({ locale: 'de-DE' }), service.baseUrl);
    await a.getByRole('heading', { name: 'Ihr Parley-Konto erstellen' }).waitFor();
    expect(await a.evaluate(() => document.documentElement.lang)).toBe('de');
    await expectGermanOnly(a);
    await a.getByRole('textbox', { name: 'Benutzername', exact: true }).fill(anna.username);
    await a.getByText('Verfügbar', { exact: true }).waitFor();
    await a.getByLabel('Passwort', { exact: true }).fill(anna.password);
    await a.getByRole('textbox', { name: 'Anzeigename', exact: true }).fill(anna.displayName);
    await expectGermanOnly(a);
    await a.getByRole('button', { name: 'Registrieren', exact: true }).click();
    await a.getByText('Bereit für Anrufe', { exact: true }).waitFor({ timeout: 20_000 });
    await a.getByRole('heading', { name: 'Kontakte' }).waitFor();
    await expectGermanOnly(a);
    await screenshot(a, 'de-01-signed-up');
  });

  it('quotes a phone number: a refusal by its code, then the price in German format', async () => {
    const box = a.getByRole('textbox', { name: 'Benutzernamen anrufen' });
    // Phone calls are off for a new user: the service's refusal code is worded in German.
    await box.fill('+44 20 7946 0018');
    await a
      .getByRole('status')
      .filter({ hasText: 'Sie dürfen keine Telefonnummern anrufen' })
      .waitFor({ timeout: 10_000 });
    await expectGermanOnly(a);
    await box.fill('');
    await service.service.store.pstn.setPermission(anna.username, true, null, Date.now());
    await box.fill('+44 20 7946 0018');
    const quote = a.getByRole('status').filter({ hasText: 'Es können Kosten anfallen' });
    await quote.waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; the line says: ${await a.locator('#dial-quote').innerText()}`);
    });
    // Intl's de-DE currency format: decimal comma, a no-break space, the euro sign after the amount.
    expect(await quote.innerText()).toMatch(/, 0,02\u00a0€\/Min\.$/);
    await expectGermanOnly(a);
    await box.fill('');
  });

  it('chats in German', async () => {
    await a.getByRole('searchbox', { name: 'Benutzer suchen' }).fill('bernd');
    await a.getByRole('button', { name: 'Nachricht an bernd', exact: true }).first().click();
    const composer = a.getByRole('textbox', { name: 'Nachricht', exact: true });
    await composer.fill('Hallo Bernd, hast du kurz Zeit?');
    await a.getByRole('button', { name: 'Senden', exact: true }).click();
    await b.getByText('Hallo Bernd, hast du kurz Zeit?').waitFor({ timeout: 15_000 });
    await a
      .getByText(/Gesendet|Zugestellt|Gelesen/)
      .first()
      .waitFor({ timeout: 15_000 });
    await a.getByRole('region', { name: 'Unterhaltung mit Bernd Müller' }).waitFor();
    await expectGermanOnly(a);
    await screenshot(a, 'de-02-chat');
    await a.getByRole('button', { name: 'Unterhaltung schließen', exact: true }).click();
  });

  it('takes a call in German', async () => {
    const dialBox = b.getByRole('textbox', { name: 'Call a username' });
    await dialBox.fill(anna.username);
    await dialBox.press('Enter');
    await a.getByRole('heading', { name: 'Bernd Müller ruft an' }).waitFor({ timeout: 20_000 });
    await expectGermanOnly(a);
    // The check is real: Bernd's English screen is full of the phrases it looks for.
    expect(await englishOnScreen(b)).toEqual(expect.arrayContaining(['Ready for calls', 'Hang up']));
    await a.getByRole('button', { name: 'Annehmen', exact: true }).click();
    await waitForText(a, /^Im Gespräch/);
    await a
      .getByText(/^\d\d:\d\d$/)
      .first()
      .waitFor();
    await expectGermanOnly(a);
    await screenshot(a, 'de-03-in-call');
    await a.getByRole('button', { name: 'Auflegen', exact: true }).click();
    await a.getByText('Sie haben aufgelegt.', { exact: true }).waitFor();
    await expectGermanOnly(a);
    await a.getByRole('button', { name: 'Schließen', exact: true }).click();
  });

  it('reads voicemail in German, its length spoken in German', async () => {
    const dialBox = b.getByRole('textbox', { name: 'Call a username' });
    await dialBox.fill(anna.username);
    await dialBox.press('Enter');
    await a.getByRole('button', { name: 'Ablehnen', exact: true }).click();
    // Declined: the service diverts Bernd to Anna's voicemail (greeting, beep), where his fake
    // microphone "speaks" for a few seconds before he hangs up.
    await waitForText(b, 'In call', 20_000);
    await b.waitForTimeout(12_000);
    await b.getByRole('button', { name: 'Hang up', exact: true }).click();

    const entry = a.getByRole('button', { name: 'Mailbox, 1 neu', exact: true });
    await entry.waitFor({ timeout: 20_000 });
    await entry.click();
    const row = a.getByRole('listitem', { name: /^Neue Sprachnachricht von Bernd Müller, / });
    await row.waitFor({ timeout: 10_000 });
    // "Neue Sprachnachricht von Bernd Müller, 3 Sekunden, Gerade eben": the length in German words.
    expect(await row.getAttribute('aria-label')).toMatch(
      /^Neue Sprachnachricht von Bernd Müller, (\d+ (Sekunde|Sekunden)|1 Minute.*), (Gerade eben|Heute \d\d:\d\d)$/,
    );
    await row
      .getByText(/^\d:\d\d$/)
      .first()
      .waitFor();
    await a.getByRole('heading', { name: 'Mailbox', exact: true }).waitFor();
    await expectGermanOnly(a);
    await screenshot(a, 'de-04-voicemail');
    await a.getByRole('button', { name: 'Zurück zu den Anrufen', exact: true }).click();
  });

  it('switches the language in Settings at once, keeps it after a reload, and follows the system again', async () => {
    await a.getByRole('button', { name: 'Einstellungen', exact: true }).click();
    const language = a.getByRole('combobox', { name: 'Sprache von Parley' });
    expect(await language.inputValue()).toBe('system');
    await language.selectOption('en');
    // No reload: the dialog and the screen behind it speak English now.
    await a.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await a.getByText('Ready for calls', { exact: true }).waitFor();
    expect(await a.evaluate(() => window.localStorage.getItem('parley.locale'))).toBe('en');
    expect(await a.evaluate(() => document.documentElement.lang)).toBe('en');

    await a.reload();
    await a.getByText('Ready for calls', { exact: true }).waitFor({ timeout: 20_000 });
    await a.getByRole('button', { name: 'Settings', exact: true }).click();
    await a.getByRole('combobox', { name: 'Language of Parley' }).selectOption('system');
    await a.getByRole('heading', { name: 'Einstellungen', exact: true }).waitFor();
    await a.getByText('Bereit für Anrufe', { exact: true }).waitFor();
    expect(await a.evaluate(() => window.localStorage.getItem('parley.locale'))).toBeNull();
    await expectGermanOnly(a);
  });
});
