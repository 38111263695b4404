/** The UI's way to say something: `const t = useT(); t('call.hangUp')` (typed message ids). */
import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { MessageId, MessageValues } from './i18n.js';

export function useT(): (id: MessageId, values?: MessageValues) => string {
  const intl = useIntl();
  return useCallback((id, values) => intl.formatMessage({ id }, values), [intl]);
}
