/**
 * Which English UI sentences a page shows: every English catalogue message without arguments that the
 * German catalogue words differently, looked for as a whole phrase in `document.body.innerText`. So a
 * German screen that still shows "Hang up" or "Ready for calls" fails, while user content (names,
 * messages) and words German shares with English ("Status", "Audio") do not count.
 */
import type { Locator, Page } from 'playwright-core';
import { de } from '../../../renderer/src/i18n/messages/de.js';
import { en } from '../../../renderer/src/i18n/messages/en.js';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ENGLISH_PHRASES: readonly { readonly text: string; readonly pattern: RegExp }[] = Object.entries(en)
  .filter(
    ([id, text]) => !text.includes('{') && text.trim().length >= 3 && de[id as keyof typeof de] !== text,
  )
  .map(([, text]) => ({
    text,
    pattern: new RegExp(`(^|[^\\p{L}])${escape(text.trim())}($|[^\\p{L}])`, 'u'),
  }));

/** The English phrases visible in `scope` (the whole page by default). */
export async function englishOnScreen(scope: Page | Locator): Promise<string[]> {
  const text = await ('mainFrame' in scope ? scope.locator('body') : scope).innerText();
  return ENGLISH_PHRASES.filter(({ pattern }) => pattern.test(text)).map(({ text: phrase }) => phrase);
}
