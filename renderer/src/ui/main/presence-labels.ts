/** The catalogue id of each presence word ("Away", "On the phone"…); common/ keeps the English ones. */
import type { ShownPresence } from '../../../../common/presence-types.js';
import type { MessageId } from '../../i18n/i18n.js';

const PRESENCE_LABEL: Readonly<Record<ShownPresence, MessageId>> = {
  available: 'presence.available',
  away: 'presence.away',
  busy: 'presence.busy',
  dnd: 'presence.dnd',
  offline: 'presence.offline',
  ringing: 'presence.ringing',
  'on-call': 'presence.onCall',
};

export function presenceLabelId(shown: ShownPresence): MessageId {
  return PRESENCE_LABEL[shown];
}
