/**
 * The desktop layout and the keyboard (issue 16): at 1280×800 a sidebar (you, search, contacts,
 * conversations, recent calls, voicemail) beside a main pane (the call, the open chat); at 420×760 the
 * one column. A call that rings while Alice types a chat message leaves her draft and her focus alone
 * and is answered, muted and hung up with the keyboard shortcuts; the "Keyboard shortcuts" dialog opens
 * and closes from the keyboard and keeps the focus inside; About lists the bundled libraries' licences.
 * Elements are found by role and accessible name.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import { dial, openSignedUp, SCREENS_DIR, waitForText } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 420, height: 760 };

/** Lines of the accessibility tree for controls without a name (e.g. `- button` alone). */
async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot();
  const roles = 'button|textbox|searchbox|combobox|spinbutton|slider|checkbox|radio|switch|link';
  const unnamed = new RegExp(`^\\s*- (${roles})(?: \\[[^\\]]*\\])*:?$|^\\s*- (${roles}) ""`);
  return tree.split('\n').filter((line) => unnamed.test(line));
}

const isFocused = (locator: Locator): Promise<boolean> =>
  locator.evaluate((el) => el === document.activeElement);

/** Screenshots in the light and/or dark theme (.tmp/screens/NAME-light.png, NAME-dark.png). */
async function bothThemes(
  page: Page,
  name: string,
  themes: readonly ('light' | 'dark')[] = ['light', 'dark'],
): Promise<void> {
  await fs.mkdir(SCREENS_DIR, { recursive: true });
  for (const colorScheme of themes) {
    await page.emulateMedia({ colorScheme });
    // Transitions finished, so a theme switch is not caught half-way.
    await page.screenshot({
      path: path.join(SCREENS_DIR, `${name}-${colorScheme}.png`),
      animations: 'disabled',
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('two-pane layout and keyboard shortcuts', () => {
  let service: TestService;
  let browser: TestBrowser;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium();
    a = await openSignedUp(browser, service.baseUrl, alice, { viewport: WIDE });
    b = await openSignedUp(browser, service.baseUrl, bob, { viewport: NARROW });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('at 1280×800: a sidebar with you, search, contacts, conversations, recent calls and voicemail beside the main pane', async () => {
    const sidebar = a.getByRole('complementary', { name: 'Sidebar' });
    const pane = a.getByRole('main');
    await sidebar.getByText('Ready for calls', { exact: true }).waitFor();
    await sidebar.getByText('Alice Example', { exact: true }).waitFor();
    await sidebar.getByRole('button', { name: /^Status/ }).waitFor();

    // Search finds Bob; he is added to Contacts, which the sidebar shows.
    await sidebar.getByRole('searchbox', { name: 'Search users' }).fill('bo');
    await sidebar.getByRole('button', { name: 'Add bob to contacts', exact: true }).click();
    await sidebar.getByRole('searchbox', { name: 'Search users' }).fill('');
    const contacts = sidebar.getByRole('list', { name: 'Contacts' });
    await contacts.getByText('Bob Builder', { exact: true }).waitFor();
    for (const heading of ['Messages', 'Recent calls', 'Contacts']) {
      await sidebar.getByRole('heading', { name: heading }).first().waitFor();
    }
    await sidebar.getByRole('button', { name: /^Voicemail/ }).waitFor();
    await sidebar.getByRole('button', { name: /^Call history/ }).waitFor();
    await sidebar.getByRole('textbox', { name: 'Call a username' }).waitFor();

    // The main pane: nothing open yet.
    await pane.getByRole('heading', { name: 'No call or conversation open' }).waitFor();

    // Side by side: the sidebar on the left, the pane taking the rest of the width, both full height.
    const side = (await sidebar.boundingBox())!;
    const main = (await pane.boundingBox())!;
    expect(side.x).toBe(0);
    expect(side.width).toBeGreaterThan(280);
    expect(side.width).toBeLessThan(420);
    expect(main.x).toBeGreaterThanOrEqual(side.x + side.width - 1);
    expect(main.width).toBeGreaterThan(800);
    expect(side.height).toBe(WIDE.height);
    expect(main.height).toBe(WIDE.height);
    expect(await unnamedControls(a)).toEqual([]);
    await bothThemes(a, 'layout-wide-idle');
  });

  it('at 420×760: one column (no sidebar), the header, dial field, messages, contacts and search stacked', async () => {
    await expect(b.getByRole('complementary', { name: 'Sidebar' }).count()).resolves.toBe(0);
    const main = b.getByRole('main');
    const dialField = main.getByRole('textbox', { name: 'Call a username' });
    const search = main.getByRole('searchbox', { name: 'Search users' });
    await search.waitFor();
    const header = (await b.getByRole('banner').boundingBox())!;
    const dialBox = (await dialField.boundingBox())!;
    const searchBox = (await search.boundingBox())!;
    // Stacked: each below the previous, each nearly the window's width.
    expect(dialBox.y).toBeGreaterThan(header.y + header.height - 1);
    expect(searchBox.y).toBeGreaterThan(dialBox.y + dialBox.height);
    expect(header.width).toBeGreaterThan(NARROW.width - 60);
    expect(b.viewportSize()?.width).toBe(NARROW.width);
    // Nothing wider than the window (no sideways scrolling).
    expect(await b.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width);
    expect(await unnamedControls(b)).toEqual([]);
    await bothThemes(b, 'layout-narrow-idle');
  });

  it('a call ringing while Alice types a chat message keeps her draft and her focus; she answers with Ctrl+Shift+A', async () => {
    const sidebar = a.getByRole('complementary', { name: 'Sidebar' });
    await sidebar
      .getByRole('list', { name: 'Contacts' })
      .getByRole('button', { name: 'Message bob' })
      .click();
    const chat = a.getByRole('region', { name: 'Conversation with Bob Builder' });
    const box = chat.getByRole('textbox', { name: 'Message', exact: true });
    await expect.poll(() => isFocused(box)).toBe(true);
    await box.pressSequentially('See you at the ', { delay: 10 });

    await dial(b, 'alice');
    const answer = a.getByRole('button', { name: 'Answer', exact: true });
    await answer.waitFor();
    await a.getByRole('heading', { name: 'Bob Builder is calling' }).waitFor();
    // The chat is still there beside the call card, with the draft, and the focus stayed in it: the next
    // keys land in the message, not on Answer.
    expect(await chat.isVisible()).toBe(true);
    expect(await isFocused(box)).toBe(true);
    await a.keyboard.type('station');
    expect(await box.inputValue()).toBe('See you at the station');
    await bothThemes(a, 'layout-wide-incoming-while-typing');

    await a.keyboard.press('Control+Shift+A');
    // The shortcut answered (the card is gone); connecting can take long on a loaded machine.
    await answer.waitFor({ state: 'detached' });
    await waitForText(a, 'In call', 60_000);
    await waitForText(b, 'In call', 60_000);
    expect(await box.inputValue()).toBe('See you at the station');
    await bothThemes(a, 'layout-wide-call-and-chat', ['dark']);

    // Narrowing the window mid-call turns the layout into one column; the unsent text goes along.
    await a.setViewportSize(NARROW);
    await a.getByRole('banner').waitFor();
    expect(await box.inputValue()).toBe('See you at the station');
    await bothThemes(a, 'layout-narrow-call-and-chat', ['light']);
    await a.setViewportSize(WIDE);
    await a.getByRole('complementary', { name: 'Sidebar' }).waitFor();
    expect(await box.inputValue()).toBe('See you at the station');
  }, 180_000);

  it('Ctrl+Shift+M mutes and unmutes, Ctrl+Shift+H hangs up, Ctrl+K focuses search', async () => {
    const mute = a.getByRole('button', { name: 'Mute', exact: true });
    await mute.waitFor();
    await a.keyboard.press('Control+Shift+M');
    const unmute = a.getByRole('button', { name: 'Unmute', exact: true });
    await unmute.waitFor();
    expect(await unmute.getAttribute('aria-pressed')).toBe('true');
    await a.keyboard.press('Control+Shift+M');
    await mute.waitFor();
    expect(await mute.getAttribute('aria-pressed')).toBe('false');

    await a.keyboard.press('Control+Shift+H');
    await waitForText(b, 'Call ended');
    await a.getByRole('button', { name: 'Close', exact: true }).click();

    await a.keyboard.press('Control+K');
    const search = a.getByRole('searchbox', { name: 'Search users' });
    await expect.poll(() => isFocused(search)).toBe(true);
    // The shortcut selects what was there, so typing replaces it.
    await a.keyboard.type('bob');
    expect(await search.inputValue()).toBe('bob');
  });

  it('Ctrl+Shift+H declines a ringing call (the narrow layout has the shortcuts too)', async () => {
    await dial(a, 'bob');
    await b.getByRole('heading', { name: 'Alice Example is calling' }).waitFor();
    await b.keyboard.press('Control+Shift+H');
    await waitForText(a, 'Call ended');
    await a.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('the "Keyboard shortcuts" dialog opens with ? and Ctrl+/, keeps the focus inside and closes with Escape', async () => {
    const opener = a.getByRole('button', { name: 'Keyboard shortcuts', exact: true });
    const dialog = a.getByRole('dialog', { name: 'Keyboard shortcuts' });

    // "?" in a text field is just a character.
    const search = a.getByRole('searchbox', { name: 'Search users' });
    await search.focus();
    await a.keyboard.type('?');
    expect(await dialog.isVisible()).toBe(false);
    await search.fill('');

    // Outside a text field "?" opens it; the list names every shortcut.
    await opener.focus();
    await a.keyboard.press('Shift+Slash');
    await dialog.waitFor();
    for (const label of ['Search people', 'Answer the ringing call', 'Mute or unmute the microphone']) {
      await dialog.getByText(label).waitFor();
    }
    await bothThemes(a, 'layout-wide-shortcuts');
    // Tab and Shift+Tab stay inside.
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await a.keyboard.press(key);
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await a.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(opener)).toBe(true);

    // Ctrl+/ works from inside a text field.
    await search.focus();
    await a.keyboard.press('Control+Slash');
    await dialog.waitFor();
    await a.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('Settings → About Parley shows the version and the bundled libraries with their licences', async () => {
    await a.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = a.getByRole('dialog', { name: 'Settings' });
    // A browser has no desktop shell: no desktop switches.
    await settings.getByRole('button', { name: 'About Parley' }).click();
    expect(await settings.getByRole('checkbox').count()).toBe(0);
    const about = a.getByRole('dialog', { name: 'About Parley' });
    await about.getByText(/^Version \d+\.\d+\.\d+/).waitFor();
    const table = about.getByRole('table', { name: 'Bundled libraries and their licences' });
    for (const name of ['react', 'sip.js']) {
      const row = table.getByRole('row', { name: new RegExp(`^${name.replace('.', '\\.')} `) });
      await row.waitFor();
      expect(await row.getByRole('cell').last().textContent()).toBe('MIT');
    }
    await bothThemes(a, 'layout-wide-about', ['light']);
    await a.keyboard.press('Escape');
    await about.waitFor({ state: 'hidden' });
    await a.keyboard.press('Escape');
    await settings.waitFor({ state: 'hidden' });
  });

  it('in the desktop app, Settings shows Start at login and Close to tray and saves them through the shell', async () => {
    // A stand-in for the Electron preload's `window.parley` (the real shell is unit-tested with a fake
    // Electron API): it answers the IPC contract's channels and records every settings:set.
    const context = await browser.newContext({ viewport: WIDE });
    await context.addInitScript(() => {
      const settings = {
        closeToTray: true,
        startMinimized: false,
        startAtLogin: false,
        shortcuts: { answer: null, hangup: null },
      };
      const saved: unknown[] = [];
      const values: Record<string, unknown> = {
        'credentials:status': { available: true, plainTextOnly: false, backend: 'fake' },
        'credentials:load': null,
        'links:take-pending': [],
        'dnd:get': false,
        'voicemail:get-source': { kind: 'service' },
      };
      Object.assign(window, {
        parleySettingsSaved: saved,
        parley: {
          invoke: (channel: string, arg?: Record<string, unknown>) => {
            if (channel === 'settings:get') return Promise.resolve({ ok: true, value: { ...settings } });
            if (channel === 'settings:set') {
              saved.push(arg);
              Object.assign(settings, arg);
              return Promise.resolve({ ok: true, value: { ...settings } });
            }
            return Promise.resolve({ ok: true, value: channel in values ? values[channel] : null });
          },
          on: () => () => undefined,
        },
      });
    });
    const page = await context.newPage();
    await page.goto(service.baseUrl);
    await page.getByRole('textbox', { name: 'Username', exact: true }).fill('carol');
    await page.getByText('Available', { exact: true }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill('carol-secret-1');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await page.getByText('Ready for calls', { exact: true }).waitFor({ timeout: 20_000 });

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const login = dialog.getByRole('checkbox', { name: /^Start at login/ });
    const tray = dialog.getByRole('checkbox', { name: /^Close to tray/ });
    expect(await login.isChecked()).toBe(false);
    expect(await tray.isChecked()).toBe(true);
    await login.check();
    await tray.uncheck();
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { parleySettingsSaved: unknown[] }).parleySettingsSaved),
      )
      .toEqual([{ startAtLogin: true }, { closeToTray: false }]);
    expect(await login.isChecked()).toBe(true);
    expect(await tray.isChecked()).toBe(false);
    await bothThemes(page, 'layout-wide-desktop-settings', ['dark']);
    await context.close();
  });
});
