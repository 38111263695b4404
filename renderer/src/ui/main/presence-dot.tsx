import type { PresenceStatus } from '../../../../common/api-types.js';
import { shownPresence, type UserStatus } from '../../../../common/presence-types.js';
import { presenceLabelId } from './presence-labels.js';
import './status.css';
import { useT } from '../../i18n/use-t.js';

/**
 * What others see of a person: a coloured dot plus the words ("Away", "Ringing", "On the phone"…), so
 * colour is never the only signal, and their note when they left one.
 */
export function PresenceDot({ presence, status }: { presence: PresenceStatus; status?: UserStatus }) {
  const t = useT();
  const shown = shownPresence(presence, status);
  const note = status?.note;
  return (
    <span className={`presence presence-${shown}`}>
      <span className="presence-dot" aria-hidden="true" />
      <span className="presence-text">{t(presenceLabelId(shown))}</span>
      {note && <span className="presence-note">{note}</span>}
    </span>
  );
}
