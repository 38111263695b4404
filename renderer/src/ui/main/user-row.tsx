import type { DirectoryEntry } from '../../../../common/api-types.js';
import { useCallIntent } from '../call/use-call-intent.js';
import { Avatar } from '../shared/avatar.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { useOpenChat } from './messages-panel.js';
import { PresenceDot } from './presence-dot.js';
import { useT } from '../../i18n/use-t.js';

/** One person: avatar, name, presence, call and add/remove buttons. */
export function UserRow({ user, canCall }: { user: DirectoryEntry; canCall: boolean }) {
  const t = useT();
  const store = useAppStore();
  const openChat = useOpenChat();
  const { onPointerEnter, onFocus } = useCallIntent();
  const name = user.displayName || user.username;
  return (
    <li className="user-row">
      <Avatar name={name} seed={user.username} />
      {/* Clicking the name calls too (a larger target for the pointer); keyboard users have the Call button. */}
      <div
        className={`user-text ${canCall ? 'clickable' : ''}`}
        title={canCall ? t('user.call', { username: user.username }) : undefined}
        onClick={canCall ? () => store.call(user.username) : undefined}
        onPointerEnter={canCall ? onPointerEnter : undefined}
      >
        <span className="user-name">{name}</span>
        <span className="user-meta">
          <span className="user-handle">{user.username}</span>
          <PresenceDot presence={user.presence} {...(user.status ? { status: user.status } : {})} />
        </span>
      </div>
      <div className="row-actions">
        {user.isContact ? (
          <button
            type="button"
            className="icon-button quiet"
            aria-label={t('user.remove', { username: user.username })}
            title={t('user.remove', { username: user.username })}
            onClick={() => void store.removeContact(user.username)}
          >
            <Icon name="remove" />
          </button>
        ) : (
          <button
            type="button"
            className="icon-button quiet"
            aria-label={t('user.add', { username: user.username })}
            title={t('user.add', { username: user.username })}
            onClick={() => void store.addContact(user.username)}
          >
            <Icon name="add" />
          </button>
        )}
        <button
          type="button"
          className="icon-button quiet"
          aria-label={t('user.message', { username: user.username })}
          title={t('user.message', { username: user.username })}
          onClick={() => openChat(user.username)}
        >
          <Icon name="message" />
        </button>
        <button
          type="button"
          className="icon-button call"
          aria-label={t('user.call', { username: user.username })}
          title={t('user.call', { username: user.username })}
          disabled={!canCall}
          onPointerEnter={canCall ? onPointerEnter : undefined}
          onFocus={canCall ? onFocus : undefined}
          onClick={() => store.call(user.username)}
        >
          <Icon name="phone" />
        </button>
      </div>
    </li>
  );
}
