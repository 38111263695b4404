/** The UI's way to say something: `const t = useT(); t('call.hangUp')` (typed message ids). */
import { useCallback, useContext } from 'react';
import { IntlContext } from 'react-intl';
import { currentIntl, type MessageId, type MessageValues } from './i18n.js';

export type Translate = (id: MessageId, values?: MessageValues) => string;

/**
 * Formats with the language of the nearest `I18nProvider` (react-intl's context), so a change in
 * Settings re-renders the screen. A component rendered without the provider (a unit test of one
 * component) uses the installed locale store's current language.
 */
export function useT(): Translate {
  // The context's type says it is always there; outside a provider it is in fact null.
  const fromContext = useContext(IntlContext) as ReturnType<typeof currentIntl> | null;
  const intl = fromContext ?? currentIntl();
  return useCallback((id, values) => intl.formatMessage({ id }, values), [intl]);
}
