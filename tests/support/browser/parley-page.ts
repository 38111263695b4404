/**
 * Drives the Parley web client the way a person does: by role and accessible name only.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

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

export async function waitUntilRegistered(page: Page): Promise<void> {
  await page.getByText('Ready for calls', { exact: true }).waitFor({ timeout: 20_000 });
}

/** Text of the call area's state line(s), for assertions with a readable failure. */
export async function waitForText(page: Page, text: string | RegExp, timeout = 20_000): Promise<void> {
  await page.getByText(text).first().waitFor({ timeout });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await fs.mkdir(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
}
