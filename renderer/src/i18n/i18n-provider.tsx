/** Gives the UI the current language (react-intl) and re-renders everything when it changes. */
import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { RawIntlProvider, type IntlShape } from 'react-intl';
import { localeStore as installedStore, type LocaleStore } from './i18n.js';

const LocaleStoreContext = createContext<LocaleStore | undefined>(undefined);

export function I18nProvider({ store, children }: { store: LocaleStore; children: ReactNode }) {
  const intl = useSyncExternalStore(store.subscribe, store.getIntl);
  const locale = useSyncExternalStore(store.subscribe, store.getLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  // The store's intl is react-intl's own shape built without React (`@formatjs/intl`); the two types
  // differ only in what rich-text elements return, and Parley's messages use none.
  return (
    <LocaleStoreContext.Provider value={store}>
      <RawIntlProvider value={intl as unknown as IntlShape}>{children}</RawIntlProvider>
    </LocaleStoreContext.Provider>
  );
}

/** The locale store (for the language choice in Settings): the provider's, else the installed one. */
export function useLocaleStore(): LocaleStore {
  return useContext(LocaleStoreContext) ?? installedStore();
}
