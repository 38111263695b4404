import type { ConversationSnapshot } from '../../messaging/messaging-snapshot.js';

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
  if (conversations.length === 0) return <p className="chat-empty">No conversations yet.</p>;
  return (
    <ul className="chat-conversations" aria-label="Conversations">
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
              aria-label={`Message ${name}`}
              aria-describedby={c.unread > 0 ? badgeId : undefined}
              aria-current={c.peer === activePeer ? 'true' : undefined}
              onClick={() => onOpen(c.peer)}
            >
              <span className="chat-conversation-name">{name}</span>
              <span className="chat-conversation-preview">
                {c.peerTyping
                  ? 'typing…'
                  : last
                    ? (last.direction === 'outgoing' ? 'You: ' : '') + last.body.slice(0, 80)
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
  if (count <= 0) return null;
  return (
    <span className="chat-badge" id={id}>
      <span aria-hidden="true">{count > 99 ? '99+' : count}</span>
      <span className="visually-hidden">{count} unread</span>
    </span>
  );
}

/** "Message NAME": for contact rows and the directory, opens the conversation. */
export function MessageButton({ name, onClick }: { name: string; onClick: () => void }) {
  return (
    <button type="button" className="button small" aria-label={`Message ${name}`} onClick={onClick}>
      Message
    </button>
  );
}
