/**
 * Editing a contact (or making a new one) in a modal `<dialog>`: the name, the favourite mark and the
 * phone numbers with their kind. The service normalises numbers to E.164 and keeps any it cannot read
 * as typed (flagged), so the form sends what the person typed. Escape or Cancel closes without saving.
 */
import { numberTypeId } from './number-type-text.js';
import { useState, type FormEvent } from 'react';
import {
  PHONE_NUMBER_TYPES,
  type ContactCard,
  type ContactNumberInput,
  type PhoneNumberType,
} from '../../../../common/contact-types.js';
import { formatInternational } from '../../../../common/phone-number.js';
import { errorMessage } from '../../app/api-error.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { useNativeDialog } from '../shared/use-native-dialog.js';
import { useT } from '../../i18n/use-t.js';

export interface ContactEditDialogProps {
  /** The card to edit; `null` for a new contact. */
  readonly card: ContactCard | null;
  readonly onClose: () => void;
  /** After a save or a delete. */
  readonly onSaved: () => Promise<void>;
}

export function ContactEditDialog({ card, onClose, onSaved }: ContactEditDialogProps) {
  const t = useT();
  const store = useAppStore();
  const native = useNativeDialog(true, () => onClose());
  const [displayName, setDisplayName] = useState(card?.displayName ?? '');
  const [favourite, setFavourite] = useState(card?.favourite ?? false);
  const [numbers, setNumbers] = useState<ContactNumberInput[]>(
    (card?.numbers ?? []).map((n) => ({
      type: n.type,
      number: n.valid ? formatInternational(n.number) : n.number,
    })),
  );
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const setNumber = (index: number, change: Partial<ContactNumberInput>) =>
    setNumbers((list) => list.map((n, i) => (i === index ? { ...n, ...change } : n)));

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      await onSaved();
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      displayName: displayName.trim(),
      favourite,
      numbers: numbers.filter((n) => n.number.trim() !== ''),
      username: card?.username ?? null,
    };
    void run(() => (card ? store.contactCards.update(card.id, input) : store.contactCards.create(input)));
  }

  const title = card ? t('card.editName', { name: card.displayName }) : t('addressBook.new');
  return (
    <dialog {...native} className="contact-dialog" aria-labelledby="contact-dialog-title">
      <form className="contact-form" onSubmit={submit}>
        <h2 id="contact-dialog-title">{title}</h2>
        <label className="contact-field">
          <span>{t('card.name')}</span>
          <input
            value={displayName}
            required
            maxLength={200}
            autoComplete="off"
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <label className="contact-check">
          <input type="checkbox" checked={favourite} onChange={(e) => setFavourite(e.target.checked)} />
          <span>{t('card.favouriteHint')}</span>
        </label>
        <fieldset className="contact-numbers-field">
          <legend>{t('card.numbers')}</legend>
          {numbers.map((n, i) => (
            <div className="contact-number-edit" key={i}>
              <select
                aria-label={t('card.kindOf', { n: i + 1 })}
                value={n.type}
                onChange={(e) => setNumber(i, { type: e.target.value as PhoneNumberType })}
              >
                {PHONE_NUMBER_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(numberTypeId(type, 'title'))}
                  </option>
                ))}
              </select>
              <input
                aria-label={t('card.number', { n: i + 1 })}
                type="tel"
                value={n.number}
                maxLength={64}
                autoComplete="off"
                onChange={(e) => setNumber(i, { number: e.target.value })}
              />
              <button
                type="button"
                className="icon-button quiet"
                aria-label={t('card.removeNumber', { n: i + 1 })}
                title={t('card.removeNumber', { n: i + 1 })}
                onClick={() => setNumbers((list) => list.filter((_, j) => j !== i))}
              >
                <Icon name="remove" />
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button ghost small"
            disabled={numbers.length >= 20}
            onClick={() => setNumbers((list) => [...list, { type: 'mobile', number: '' }])}
          >
            {t('card.addNumber')}
          </button>
        </fieldset>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <div className="contact-form-actions">
          {card && (
            <button
              type="button"
              className="button ghost small contact-delete"
              disabled={busy}
              onClick={() => void run(() => store.contactCards.remove(card.id))}
            >
              {t('card.delete')}
            </button>
          )}
          <button type="button" className="button ghost small" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
