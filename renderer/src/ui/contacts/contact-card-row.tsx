/**
 * One card of the address book: name (and, for a Parley user, handle and presence), a favourite
 * toggle, Edit, a call to the Parley user, and each phone number with its own Call button.
 */
import type { ContactCard } from '../../../../common/contact-types.js';
import { Avatar } from '../shared/avatar.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { PresenceDot } from '../main/presence-dot.js';
import { ContactNumberCall } from './contact-number-call.js';
import { useT } from '../../i18n/use-t.js';

export interface ContactCardRowProps {
  readonly card: ContactCard;
  readonly canCall: boolean;
  readonly onEdit: (card: ContactCard) => void;
  readonly onToggleFavourite: (card: ContactCard) => void;
}

export function ContactCardRow({ card, canCall, onEdit, onToggleFavourite }: ContactCardRowProps) {
  const t = useT();
  const store = useAppStore();
  const name = card.displayName;
  return (
    <li className="contact-card">
      <div className="contact-card-head">
        <Avatar name={name} seed={card.username ?? card.id} />
        <div className="user-text">
          <span className="user-name">{name}</span>
          {card.username !== undefined && (
            <span className="user-meta">
              <span className="user-handle">{card.username}</span>
              {card.presence && (
                <PresenceDot presence={card.presence} {...(card.status ? { status: card.status } : {})} />
              )}
            </span>
          )}
        </div>
        <div className="row-actions">
          <button
            type="button"
            className={`icon-button quiet contact-star ${card.favourite ? 'on' : ''}`}
            aria-label={t('card.favourite', { name })}
            title={card.favourite ? t('card.isFavourite', { name }) : t('card.markFavourite', { name })}
            aria-pressed={card.favourite}
            onClick={() => onToggleFavourite(card)}
          >
            <span aria-hidden="true">{card.favourite ? '★' : '☆'}</span>
          </button>
          <button
            type="button"
            className="button ghost small"
            aria-label={t('card.editName', { name })}
            onClick={() => onEdit(card)}
          >
            {t('card.edit')}
          </button>
          {card.username !== undefined && (
            <button
              type="button"
              className="icon-button call"
              aria-label={t('card.callOnParley', { name })}
              title={t('card.callOnParley', { name: card.username })}
              disabled={!canCall}
              onClick={() => store.call(card.username ?? '')}
            >
              <Icon name="phone" />
            </button>
          )}
        </div>
      </div>
      {card.numbers.length > 0 && (
        <ul className="contact-numbers" aria-label={t('card.numbersOf', { name })}>
          {card.numbers.map((number, i) => (
            <ContactNumberCall key={i} name={name} number={number} canCall={canCall} />
          ))}
        </ul>
      )}
    </li>
  );
}
