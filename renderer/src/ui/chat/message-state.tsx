import type { ClientMessage } from '../../messaging/messaging-snapshot.js';

const GLYPH: Record<ClientMessage['state'], string> = {
  sending: '◷',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
};

const LABEL: Record<ClientMessage['state'], string> = {
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not sent',
};

export function stateLabel(message: ClientMessage): string {
  return message.state === 'failed' && message.failure
    ? `Not sent: ${message.failure.message}`
    : LABEL[message.state];
}

/** A small icon for sighted users plus the words for screen readers (the icon is hidden from them). */
export function MessageState({ message }: { message: ClientMessage }) {
  return (
    <span className={`chat-state chat-state-${message.state}`} title={stateLabel(message)}>
      <span aria-hidden="true">{GLYPH[message.state]}</span>
      <span className="visually-hidden">{stateLabel(message)}</span>
    </span>
  );
}
