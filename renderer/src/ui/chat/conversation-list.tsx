import type { ConversationSnapshot } from '../../messaging/messaging-snapshot.js';
import { useT } from '../../i18n/use-t.js';

export interface ConversationListProps {
  readonly conversations: readonly ConversationSnapshot[];
  readonly activePeer?: string;
  readonly onOpen: (peer: string) => void;
  /** Display name for a username (e.g. from the directory); the username by default. */
  readonly nameOf?: (peer: string) => string;
}

/** Conversations, newest first, each a "Message NAME" button with an unread badge. */
export function ConversationList({
  conversations,
  activePeer,
  onOpen,
  nameOf = (p) => p,
}: ConversationListProps) {
  const t = useT();
  if (conversations.length === 0) return <p className="chat-empty">{t('chat.noConversations')}</p>;
  return (
    <ul className="chat-conversations" aria-label={t('chat.conversations')}>
      {conversations.map((c) => {
        const name = nameOf(c.peer);
        const last = c.messages[c.messages.length - 1];
        const badgeId = `chat-unread-${c.peer}`;
        return (
          <li
            key={c.peer}
            className={c.peer === activePeer ? 'chat-conversation active' : 'chat-conversation'}
          >
            <button
              type="button"
              className="chat-conversation-button"
              data-peer={c.peer}
              aria-label={t('user.message', { username: name })}
              aria-describedby={c.unread > 0 ? badgeId : undefined}
              aria-current={c.peer === activePeer ? 'true' : undefined}
              onClick={() => onOpen(c.peer)}
            >
              <span className="chat-conversation-name">{name}</span>
              <span className="chat-conversation-preview">
                {c.peerTyping
                  ? t('chat.typingShort')
                  : last
                    ? (last.direction === 'outgoing' ? t('chat.youSaid') : '') + last.body.slice(0, 80)
                    : ''}
              </span>
              {c.unread > 0 && <UnreadBadge id={badgeId} count={c.unread} />}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** A count badge; its text reads "N unread" to screen readers. Use with the total for the app's nav. */
export function UnreadBadge({ count, id }: { count: number; id?: string }) {
  const t = useT();
  if (count <= 0) return null;
  return (
    <span className="chat-badge" id={id}>
      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
      <span className="visually-hidden">{t('chat.unread', { count })}</span>
    </span>
  );
}

/** "Message NAME": for contact rows and the directory, opens the conversation. */
export function MessageButton({ name, onClick }: { name: string; onClick: () => void }) {
  const t = useT();
  return (
    <button
      type="button"
      className="button small"
      aria-label={t('user.message', { username: name })}
      onClick={onClick}
    >
      {t('chat.messageButton')}
    </button>
  );
}
