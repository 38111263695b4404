/** Gives the UI the current language (react-intl) and re-renders everything when it changes. */
import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { RawIntlProvider, type IntlShape } from 'react-intl';
import type { LocaleStore } from './i18n.js';

export function I18nProvider({ store, children }: { store: LocaleStore; children: ReactNode }) {
  const intl = useSyncExternalStore(store.subscribe, store.getIntl);
  const locale = useSyncExternalStore(store.subscribe, store.getLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  // The store's intl is react-intl's own shape built without React (`@formatjs/intl`); the two types
  // differ only in what rich-text elements return, and Parley's messages use none.
  return <RawIntlProvider value={intl as unknown as IntlShape}>{children}</RawIntlProvider>;
}
