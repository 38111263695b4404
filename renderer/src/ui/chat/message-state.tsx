import type { ClientMessage } from '../../messaging/messaging-snapshot.js';
import type { MessageId } from '../../i18n/i18n.js';
import { useT, type Translate } from '../../i18n/use-t.js';
import { failureId } from './failure-text.js';

const GLYPH: Record<ClientMessage['state'], string> = {
  sending: '◷',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
};

const LABEL: Record<ClientMessage['state'], MessageId> = {
  sending: 'chat.state.sending',
  sent: 'chat.state.sent',
  delivered: 'chat.state.delivered',
  read: 'chat.state.read',
  failed: 'chat.state.failed',
};

export function stateLabel(message: ClientMessage, t: Translate): string {
  return message.state === 'failed' && message.failure
    ? t('chat.state.failedBecause', { reason: t(failureId(message.failure.reason)) })
    : t(LABEL[message.state]);
}

/** A small icon for sighted users plus the words for screen readers (the icon is hidden from them). */
export function MessageState({ message }: { message: ClientMessage }) {
  const t = useT();
  return (
    <span className={`chat-state chat-state-${message.state}`} title={stateLabel(message, t)}>
      <span aria-hidden="true">{GLYPH[message.state]}</span>
      <span className="visually-hidden">{stateLabel(message, t)}</span>
    </span>
  );
}
