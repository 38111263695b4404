/**
 * The languages Parley speaks and how one is chosen: the user's choice (kept in localStorage under
 * `parley.locale`), else the best match of the browser's/OS's `navigator.languages`, else English.
 */

/** Every language with a catalogue in `./messages/`. English is the source language. */
export const LOCALES = ['en', 'de', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en';
export const LOCALE_STORAGE_KEY = 'parley.locale';

/** Each language's name in itself (a language menu is read by people who may not read the current one). */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The first of the user's preferred languages (BCP 47 tags, best first) that Parley speaks, matched by
 * primary language subtag (`de-AT` → `de`); English when none matches.
 */
export function negotiateLocale(preferred: readonly string[] | undefined): Locale {
  for (const tag of preferred ?? []) {
    const language = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}

/**
 * The region-specific tag to format dates, numbers and prices with: the browser's own tag when it is
 * the same language (`de-AT` keeps Austrian formats), else the bare language (`de`).
 */
export function formattingTag(locale: Locale, preferred: readonly string[] | undefined): string {
  const match = (preferred ?? []).find((tag) => tag.toLowerCase().split(/[-_]/)[0] === locale);
  if (!match) return locale;
  try {
    return Intl.getCanonicalLocales(match.replace('_', '-'))[0] ?? locale;
  } catch {
    return locale;
  }
}
