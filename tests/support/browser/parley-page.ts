/**
 * Drives the Parley web client the way a person does: by role and accessible name only.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { TestBrowser } from './chromium.js';

export const SCREENS_DIR = path.resolve('.tmp/screens');

export interface UiUser {
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
}

/** Opens the client in a context with the fake-microphone-friendly settings (no audio processing). */
export async function openClient(context: BrowserContext, baseUrl: string): Promise<Page> {
  await context.addInitScript({
    content: `window.localStorage.setItem('parley.settings', ${JSON.stringify(JSON.stringify({ audioProcessing: false }))});`,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
  await page.goto(baseUrl);
  return page;
}

/** Fills the sign-up form, waits for "Available", submits, and waits for "Ready for calls". */
export async function signUp(page: Page, user: UiUser): Promise<void> {
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(user.username);
  await page.getByText('Available', { exact: true }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('textbox', { name: 'Display name', exact: true }).fill(user.displayName);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await waitUntilRegistered(page);
}

/** Opens the client in a fresh context of `browser` (one "device") and signs `user` up there. */
export async function openSignedUp(
  browser: TestBrowser,
  baseUrl: string,
  user: UiUser,
  contextOptions?: BrowserContextOptions,
): Promise<Page> {
  const page = await openClient(await browser.newContext(contextOptions), baseUrl);
  await signUp(page, user);
  return page;
}

export async function waitUntilRegistered(page: Page): Promise<void> {
  await page.getByText('Ready for calls', { exact: true }).waitFor({ timeout: 20_000 });
}

/** Text of the call area's state line(s), for assertions with a readable failure. */
export async function waitForText(page: Page, text: string | RegExp, timeout = 20_000): Promise<void> {
  await page.getByText(text).first().waitFor({ timeout });
}

/** Types `username` into "Call a username" and presses Enter. */
export async function dial(page: Page, username: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Call a username' });
  await box.fill(username);
  await box.press('Enter');
}

/** `caller` dials `username`, `callee` answers with the button, and both show "In call". */
export async function callAndAnswer(caller: Page, callee: Page, username: string): Promise<void> {
  await dial(caller, username);
  await callee.getByRole('button', { name: 'Answer', exact: true }).click();
  await waitForText(caller, 'In call');
  await waitForText(callee, 'In call');
}

/**
 * `caller` dials `username` and `callee` declines, so the service diverts the call to the callee's
 * voicemail. The caller is connected ("In call"), hears the greeting (~9 s) and the beep, "speaks" (the
 * fake microphone) and hangs up after `messageMs`: the wait is the length of the message being left,
 * not a guess at when something happens.
 */
export async function leaveVoicemail(
  caller: Page,
  callee: Page,
  username: string,
  messageMs: number,
): Promise<void> {
  await dial(caller, username);
  await callee.getByRole('button', { name: 'Decline', exact: true }).click();
  await waitForText(caller, 'In call', 20_000);
  await caller.waitForTimeout(messageMs);
  await caller.getByRole('button', { name: 'Hang up', exact: true }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await fs.mkdir(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
}
