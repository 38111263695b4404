import type { PresenceStatus } from '../../../../common/api-types.js';

export const PRESENCE_TEXT: Record<PresenceStatus, string> = {
  online: 'online',
  'on-call': 'on a call',
  offline: 'offline',
};

/** A coloured dot plus the words, so colour is never the only signal. */
export function PresenceDot({ presence }: { presence: PresenceStatus }) {
  return (
    <span className={`presence presence-${presence}`}>
      <span className="presence-dot" aria-hidden="true" />
      <span className="presence-text">{PRESENCE_TEXT[presence]}</span>
    </span>
  );
}
