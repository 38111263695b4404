/**
 * A whole call with the keyboard alone (Tab, Enter, Space, and typing), the way a person who cannot use
 * a mouse or who uses a screen reader does it: sign up, call by typing a username, the callee answers
 * with Enter because the focus is already on Answer, the caller mutes with Space and hangs up with Enter.
 * The focus is never lost to <body> on the way, and every button and text field on the main screen has
 * an accessible name (read from Chromium's accessibility tree through `ariaSnapshot()`).
 *
 * No `click()`, `fill()` or `focus()` here: only `keyboard.press` / `keyboard.type`.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser/chromium.js';
import type { TestBrowser } from '../support/browser/chromium.js';
import { openClient, screenshot, waitForText, waitUntilRegistered } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService } from '../support/service/test-service.js';
import type { TestService } from '../support/service/test-service.js';

type Role = Parameters<Page['getByRole']>[0];

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };
const bob = { username: 'bob', password: 'bob-secret-123', displayName: 'Bob Builder' };

/** What has the focus, in words for a failure message; `<body>` when the focus was lost. */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '<body>';
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
    return `<${el.tagName.toLowerCase()}> "${name.slice(0, 60)}"`;
  });
}

function hasFocus(page: Page, role: Role, name: string): Promise<boolean> {
  // Any control of that name (a contact's buttons show both in Contacts and in the search results).
  return page
    .getByRole(role, { name, exact: true })
    .evaluateAll((elements) => elements.some((element) => element === document.activeElement))
    .catch(() => false);
}

/** Presses Tab (or Shift+Tab) until the named control has the focus, as a keyboard user would. */
async function tabTo(page: Page, role: Role, name: string, backwards = false): Promise<void> {
  for (let presses = 0; presses < 30; presses += 1) {
    if (await hasFocus(page, role, name)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${role} "${name}"; the focus is on ${await describeFocus(page)}`);
}

async function expectFocus(page: Page, role: Role, name: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await hasFocus(page, role, name))) {
    if (Date.now() > deadline) {
      throw new Error(`expected the focus on ${role} "${name}", it is on ${await describeFocus(page)}`);
    }
    await page.waitForTimeout(50);
  }
}

/** Signs up with the keyboard: the form opens with the focus in Username. */
async function signUpByKeyboard(page: Page, user: typeof alice): Promise<void> {
  await expectFocus(page, 'textbox', 'Username');
  await page.keyboard.type(user.username);
  await page.getByText('Available', { exact: true }).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await tabTo(page, 'textbox', 'Display name');
  await page.keyboard.type(user.displayName);
  await tabTo(page, 'button', 'Sign up');
  await page.keyboard.press('Enter');
  await waitUntilRegistered(page);
  // The sign-up form is gone; the focus must not fall to <body>: it starts in the dial field.
  await expectFocus(page, 'textbox', 'Call a username');
}

/** The accessibility tree's lines for interactive roles that have no name (e.g. `- button` alone). */
async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot();
  const roles = 'button|textbox|searchbox|combobox|spinbutton|slider|checkbox|radio|switch|link';
  const unnamed = new RegExp(`^\\s*- (${roles})(?: \\[[^\\]]*\\])*:?$|^\\s*- (${roles}) ""`);
  return tree.split('\n').filter((line) => unnamed.test(line));
}

/** Every button and text field's accessible name, for the duplicate check. */
async function controlNames(page: Page): Promise<string[]> {
  const tree = await page.locator('main').ariaSnapshot();
  const named = /^\s*- (button|textbox|searchbox) "([^"]+)"/;
  return tree.split('\n').flatMap((line) => {
    const match = named.exec(line);
    return match ? [`${match[1]} "${match[2]}"`] : [];
  });
}

describe('a call with the keyboard alone', () => {
  let service: TestService;
  let browser: TestBrowser;
  let aliceContext: BrowserContext;
  let bobContext: BrowserContext;
  let a: Page;
  let b: Page;

  beforeAll(async () => {
    ensureWebBuild();
    service = await startTestService();
    browser = await launchChromium();
    aliceContext = await browser.newContext();
    bobContext = await browser.newContext({ colorScheme: 'dark' });
    a = await openClient(aliceContext, service.baseUrl);
    b = await openClient(bobContext, service.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('both sign up by keyboard, and the focus starts in the dial field', async () => {
    await signUpByKeyboard(a, alice);
    await signUpByKeyboard(b, bob);
  });

  it('every button and text field on the main screen has a name', async () => {
    // Fill the screen: a search with a result, Bob in Alice's contacts (added by keyboard).
    await tabTo(a, 'searchbox', 'Search users');
    await a.keyboard.type('bob');
    await a.getByRole('button', { name: 'Add bob to contacts', exact: true }).waitFor();
    // The result count is announced from a status region (results appear below, out of view of a reader).
    await a.getByRole('status').filter({ hasText: '1 person found.' }).waitFor();
    await tabTo(a, 'button', 'Add bob to contacts');
    await a.keyboard.press('Enter');
    await a.getByRole('list', { name: 'Contacts' }).waitFor();
    // The pressed button became "Remove…" in place: the focus stays on it.
    await expectFocus(a, 'button', 'Remove bob from contacts');
    await screenshot(a, 'keyboard-01-main');

    expect(await unnamedControls(a)).toEqual([]);
    const names = await controlNames(a);
    for (const expected of [
      'textbox "Call a username"',
      'searchbox "Search users"',
      'button "Call bob"',
      'button "Message bob"',
      'button "Remove bob from contacts"',
    ]) {
      expect(names).toContain(expected);
    }
    // The header's controls (outside <main>) are named too.
    await a.getByRole('button', { name: 'Sign out', exact: true }).waitFor();
    await a.getByRole('button', { name: 'Voicemail', exact: true }).waitFor();
    // One top-level heading, then the sections.
    await expect(a.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
  });

  it('Alice calls bob by typing his username; Bob answers with Enter; Alice mutes and hangs up', async () => {
    await tabTo(a, 'textbox', 'Call a username', true);
    await a.keyboard.type('bob');
    await a.keyboard.press('Enter');

    // Bob: the call is announced (assertive live region) and the focus is already on Answer.
    await b.getByRole('heading', { name: 'Alice Example is calling' }).waitFor();
    await expectFocus(b, 'button', 'Answer');
    expect(await b.locator('[aria-live="assertive"]').textContent()).toContain(
      'Alice Example (alice) is calling',
    );
    expect(await unnamedControls(b)).toEqual([]);
    await waitForText(a, 'Ringing…');
    await b.keyboard.press('Enter');

    await waitForText(a, 'In call');
    await waitForText(b, 'In call');
    // The call state is in a live region that outlives each state (so "Call ended" is announced later).
    await expect(
      a
        .getByRole('status')
        .filter({ hasText: /^In call$/ })
        .count(),
    ).resolves.toBe(1);
    expect(await unnamedControls(a)).toEqual([]);

    // Mute with Space: the toggle says it is pressed and becomes "Unmute"; the focus stays on it.
    await tabTo(a, 'button', 'Mute');
    await a.keyboard.press('Space');
    const unmute = a.getByRole('button', { name: 'Unmute', exact: true });
    await unmute.waitFor();
    await expect(unmute.getAttribute('aria-pressed')).resolves.toBe('true');
    await expectFocus(a, 'button', 'Unmute');
    await a.getByText('Microphone muted', { exact: true }).waitFor();
    await screenshot(a, 'keyboard-02-muted');

    // Hang up with Enter: both sides say why, in the live region; the focus goes to Close.
    await tabTo(a, 'button', 'Hang up');
    await a.keyboard.press('Enter');
    await a.getByRole('status').filter({ hasText: 'Call ended. You hung up.' }).waitFor();
    await b.getByRole('status').filter({ hasText: 'Call ended. alice hung up.' }).waitFor();
    await expectFocus(a, 'button', 'Close');
    await expectFocus(b, 'button', 'Close');
    await screenshot(b, 'keyboard-03-ended');

    // Close returns to the dial field on both sides: the focus is never left on <body>.
    await a.keyboard.press('Enter');
    await b.keyboard.press('Enter');
    await expectFocus(a, 'textbox', 'Call a username');
    await expectFocus(b, 'textbox', 'Call a username');
  });

  it('Bob declines with the keyboard (Shift+Tab from Answer to Decline)', async () => {
    await tabTo(b, 'textbox', 'Call a username');
    await b.keyboard.type('alice');
    await b.keyboard.press('Enter');
    await expectFocus(a, 'button', 'Answer');
    await a.keyboard.press('Shift+Tab');
    await expectFocus(a, 'button', 'Decline');
    await a.keyboard.press('Enter');
    await b.getByRole('status').filter({ hasText: 'Call ended. alice declined the call.' }).waitFor();
    await expectFocus(a, 'button', 'Close');
    await a.keyboard.press('Enter');
    await tabTo(b, 'button', 'Close', true);
    await b.keyboard.press('Enter');
    await expectFocus(b, 'textbox', 'Call a username');
  });

  it('a call the caller gives up on is announced to the callee as missed, and the focus goes to Close', async () => {
    await tabTo(b, 'textbox', 'Call a username');
    await b.keyboard.type('alice');
    await b.keyboard.press('Enter');
    await expectFocus(a, 'button', 'Answer');
    await waitForText(b, 'Ringing…');
    await tabTo(b, 'button', 'Hang up');
    await b.keyboard.press('Enter');
    // Alice's card goes away and an ended panel appears: the status region, there all along, says why.
    await a.getByRole('status').filter({ hasText: 'Call ended. Missed call from bob.' }).waitFor();
    await expectFocus(a, 'button', 'Close');
    await a.keyboard.press('Enter');
    await expectFocus(a, 'textbox', 'Call a username');
    await expectFocus(b, 'button', 'Close');
    await b.keyboard.press('Enter');
  });

  it('chat by keyboard: open, type, send with Enter; the recipient hears it; closing gives the focus back', async () => {
    await tabTo(a, 'button', 'Message bob');
    await a.keyboard.press('Enter');
    await expectFocus(a, 'textbox', 'Message');
    await a.keyboard.type('Hello by keyboard');
    await a.keyboard.press('Enter');
    const bobList = b.getByRole('list', { name: 'Conversations' });
    await bobList.getByRole('button', { name: 'Message Alice Example', exact: true }).waitFor();

    // Bob opens it from the list; a message arriving while it is open is announced with who wrote it.
    await tabTo(b, 'button', 'Message Alice Example');
    await b.keyboard.press('Enter');
    await expectFocus(b, 'textbox', 'Message');
    await b
      .getByRole('region', { name: 'Conversation with Alice Example' })
      .getByText('Hello by keyboard')
      .waitFor();
    await a.keyboard.type('Are you there?');
    await a.keyboard.press('Enter');
    await b.getByRole('log').filter({ hasText: 'Alice Example: Are you there?' }).waitFor();
    expect(await unnamedControls(b)).toEqual([]);
    await screenshot(b, 'keyboard-04-chat');

    // Close conversation: the focus goes back to the conversation's button, not to <body>.
    await tabTo(b, 'button', 'Close conversation', true);
    await b.keyboard.press('Enter');
    await expectFocus(b, 'button', 'Message Alice Example');
  });
});
