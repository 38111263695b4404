/**
 * "Language" in Settings: follow the system (the browser's or OS's languages) or one of Parley's
 * languages. The choice is kept in localStorage (`parley.locale`) and applies at once, without a reload.
 */
import { useId, useSyncExternalStore } from 'react';
import { useLocaleStore } from '../../i18n/i18n-provider.js';
import { LOCALE_NAMES, LOCALES, isLocale, negotiateLocale } from '../../i18n/locales.js';
import { useT } from '../../i18n/use-t.js';

const SYSTEM = 'system';

export function LanguageSection() {
  const t = useT();
  const id = useId();
  const store = useLocaleStore();
  const choice = useSyncExternalStore(store.subscribe, store.getChoice);
  const system = LOCALE_NAMES[negotiateLocale(navigator.languages)];
  return (
    <section className="settings-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('language.heading')}</h2>
      <label className="settings-select">
        <span className="settings-check-label">{t('language.label')}</span>
        <select
          value={choice ?? SYSTEM}
          onChange={(event) => {
            const value = event.currentTarget.value;
            store.setLocale(isLocale(value) ? value : undefined);
          }}
        >
          <option value={SYSTEM}>{t('language.system', { language: system })}</option>
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}
