/**
 * Parley's languages, React-free (FormatJS `@formatjs/intl`, ICU message format).
 *
 * Decision (issue 16): there is ONE `IntlShape` at a time, owned by the locale store below. The UI
 * (`renderer/src/ui/`) reads it through react-intl's `RawIntlProvider` (`./i18n-provider.tsx`) and the
 * typed `useT()` hook, so a language change re-renders every screen without a reload. The app layer
 * (`renderer/src/app/`, `history/`, `voicemail/`, …) formats its sentences (call-state text, notices,
 * error messages) through the same instance with `t()` from this module, at the moment it produces them:
 * text computed during render (call state, registration) follows a change at once; a notice already on
 * screen keeps the language it was written in until it is dismissed. The phone engine
 * (`renderer/src/engine/`) never formats words: it reports states and codes.
 *
 * Message ids are the keys of the English catalogue (`./messages/en.ts`); German and Spanish are typed
 * as complete copies of it, and `tests/unit/renderer/i18n/` checks that every catalogue has the same ICU
 * arguments and that no UI text bypasses the catalogues.
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { DEFAULT_LOCALE, LOCALE_STORAGE_KEY, formattingTag, isLocale, negotiateLocale } from './locales.js';
import type { Locale } from './locales.js';
import { CATALOGUES, type MessageId, type MessageValues } from './messages/catalogues.js';

export type { MessageId, MessageValues } from './messages/catalogues.js';
export type { Locale } from './locales.js';

interface LocaleStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface LocaleStore {
  getLocale(): Locale;
  /** The user's explicit choice, or undefined when Parley follows the system language. */
  getChoice(): Locale | undefined;
  getIntl(): IntlShape;
  /** Switches the language (undefined: follow the system again), remembers it, and tells subscribers. */
  setLocale(choice: Locale | undefined): void;
  subscribe(listener: () => void): () => void;
}

const cache = createIntlCache();

function buildIntl(locale: Locale, preferred: readonly string[] | undefined): IntlShape {
  return createIntl(
    {
      locale: formattingTag(locale, preferred),
      defaultLocale: DEFAULT_LOCALE,
      messages: CATALOGUES[locale],
      // A message missing from a catalogue is a bug the catalogue test catches; at run time fall back to
      // English quietly rather than flood the console.
      onError: () => undefined,
    },
    cache,
  );
}

function readChoice(storage: LocaleStorage | undefined): Locale | undefined {
  try {
    const stored = storage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** A locale store: the stored choice, else the best match of `preferred` (navigator.languages), else en. */
export function createLocaleStore(
  options: { storage?: LocaleStorage; preferred?: readonly string[] } = {},
): LocaleStore {
  const { storage, preferred } = options;
  let choice = readChoice(storage);
  let locale = choice ?? negotiateLocale(preferred);
  let intl = buildIntl(locale, preferred);
  const listeners = new Set<() => void>();
  return {
    getLocale: () => locale,
    getChoice: () => choice,
    getIntl: () => intl,
    setLocale(next) {
      choice = next;
      try {
        if (next) storage?.setItem(LOCALE_STORAGE_KEY, next);
        else storage?.removeItem(LOCALE_STORAGE_KEY);
      } catch {
        // storage blocked: the choice lasts until the page closes
      }
      const resolved = next ?? negotiateLocale(preferred);
      if (resolved === locale) return;
      locale = resolved;
      intl = buildIntl(locale, preferred);
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let current: LocaleStore = createLocaleStore();

/** Installs the app's locale store (main.tsx does it once at start; tests may install their own). */
export function installLocaleStore(store: LocaleStore): void {
  current = store;
}

export function localeStore(): LocaleStore {
  return current;
}

/** The current `IntlShape`, for number/date formatting outside React. */
export function currentIntl(): IntlShape {
  return current.getIntl();
}

/** Formats one catalogue message in the current language (the app layer's way to produce text). */
export function t(id: MessageId, values?: MessageValues): string {
  return current.getIntl().formatMessage({ id }, values);
}

/** True when `id` is a message of the catalogues (e.g. `error.${code}` for a service error code). */
export function isMessageId(id: string): id is MessageId {
  return Object.hasOwn(CATALOGUES.en, id);
}
