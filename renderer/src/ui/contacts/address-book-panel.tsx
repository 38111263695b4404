/**
 * The address book panel (issue 16): every contact card, favourites first; "New contact",
 * "Import contacts…" (a .vcf file, vCard 4.0 or 3.0: all its cards or none) and "Export contacts" (one
 * vCard 4.0 file). The service reads and writes the vCard text (server/src/contacts/vcard.ts).
 */
import { useRef, useState, type ChangeEvent } from 'react';
import type { ContactCard } from '../../../../common/contact-types.js';
import { errorMessage } from '../../app/api-error.js';
import { useAppStore } from '../shared/store-context.js';
import { ContactCardRow } from './contact-card-row.js';
import { ContactEditDialog } from './contact-edit-dialog.js';
import { useContactCards } from './use-contact-cards.js';
import './contacts.css';
import { useT } from '../../i18n/use-t.js';

/** What the last import/export said: announced politely, or as an alert when it failed. */
type Outcome = { readonly kind: 'ok' | 'error'; readonly text: string } | undefined;

export function AddressBookPanel({ canCall }: { canCall: boolean }) {
  const t = useT();
  const store = useAppStore();
  const { cards, status, error, reload } = useContactCards();
  const [editing, setEditing] = useState<ContactCard | null | undefined>(undefined);
  const [outcome, setOutcome] = useState<Outcome>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setOutcome(undefined);
    try {
      const result = await store.contactCards.importVcard(await file.text());
      await reload();
      const n = result.imported;
      setOutcome({
        kind: 'ok',
        text: t('addressBook.imported', { count: n, file: file.name }),
      });
    } catch (failure) {
      setOutcome({ kind: 'error', text: t('addressBook.importFailed', { error: errorMessage(failure) }) });
    }
  }

  async function exportFile() {
    setOutcome(undefined);
    try {
      const text = await store.contactCards.exportVcard();
      const url = URL.createObjectURL(new Blob([text], { type: 'text/vcard;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = 'parley-contacts.vcf';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setOutcome({
        kind: 'ok',
        text: t('addressBook.exported', { count: cards.length, file: 'parley-contacts.vcf' }),
      });
    } catch (failure) {
      setOutcome({ kind: 'error', text: t('addressBook.exportFailed', { error: errorMessage(failure) }) });
    }
  }

  async function toggleFavourite(card: ContactCard) {
    try {
      await store.contactCards.update(card.id, {
        displayName: card.displayName,
        numbers: card.numbers.map((n) => ({ type: n.type, number: n.number })),
        favourite: !card.favourite,
        username: card.username ?? null,
      });
      await reload();
    } catch (failure) {
      setOutcome({ kind: 'error', text: errorMessage(failure) });
    }
  }

  return (
    <section className="panel address-book" aria-labelledby="address-book-heading">
      <div className="address-book-bar">
        <h2 id="address-book-heading">{t('addressBook.heading')}</h2>
        <div className="address-book-actions">
          <button type="button" className="button ghost small" onClick={() => setEditing(null)}>
            {t('addressBook.new')}
          </button>
          <button type="button" className="button ghost small" onClick={() => fileInput.current?.click()}>
            {t('addressBook.import')}
          </button>
          <button type="button" className="button ghost small" onClick={() => void exportFile()}>
            {t('addressBook.export')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".vcf,.vcard,text/vcard,text/x-vcard"
            hidden
            aria-hidden="true"
            tabIndex={-1}
            onChange={(e) => void importFile(e)}
          />
        </div>
      </div>
      <p className={`address-book-outcome ${outcome?.kind ?? ''}`} role="status" aria-live="polite">
        {outcome?.kind === 'ok' ? outcome.text : ''}
      </p>
      {outcome?.kind === 'error' && (
        <p className="inline-error" role="alert">
          {outcome.text}
        </p>
      )}
      {status === 'error' && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {cards.length > 0 ? (
        <ul className="contact-cards" aria-label={t('addressBook.heading')}>
          {cards.map((card) => (
            <ContactCardRow
              key={card.id}
              card={card}
              canCall={canCall}
              onEdit={setEditing}
              onToggleFavourite={(c) => void toggleFavourite(c)}
            />
          ))}
        </ul>
      ) : (
        status === 'ready' && <p className="empty">{t('addressBook.empty')}</p>
      )}
      {editing !== undefined && (
        <ContactEditDialog card={editing} onClose={() => setEditing(undefined)} onSaved={reload} />
      )}
    </section>
  );
}
