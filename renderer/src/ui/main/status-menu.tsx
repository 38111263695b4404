import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  AVAILABILITIES,
  DEFAULT_STATUS,
  MAX_STATUS_NOTE_LENGTH,
  type Availability,
} from '../../../../common/presence-types.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import type { MessageId } from '../../i18n/i18n.js';
import { presenceLabelId } from './presence-labels.js';
import './status.css';
import { useT } from '../../i18n/use-t.js';

/** What each choice means, in a few words (Do not disturb says where calls go). */
const HINT: Readonly<Record<Availability, MessageId>> = {
  available: 'status.hint.available',
  away: 'status.hint.away',
  busy: 'status.hint.busy',
  dnd: 'status.hint.dnd',
};

/**
 * "Status": the user's availability (Available, Away, Busy, Do not disturb) and a short note, kept by
 * the service so every device and every other user sees the same. Choosing applies at once; the note
 * is saved with "Save note" (or Enter).
 */
export function StatusMenu() {
  const t = useT();
  const store = useAppStore();
  const { myStatus } = useAppState();
  const status = myStatus ?? DEFAULT_STATUS;
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState(status.note);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const ids = useId();
  const currentId = `${ids}-current`;
  const panelId = `${ids}-panel`;

  useEffect(() => {
    if (open) setNote(status.note);
    // Only when the panel opens: typing must not be overwritten by a status that arrives meanwhile.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent): void => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const choose = (availability: Availability): void => {
    void store.setStatus({ availability, note: note.trim() });
  };
  const saveNote = (event: FormEvent): void => {
    event.preventDefault();
    void store.setStatus({ availability: status.availability, note: note.trim() });
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div className="status-menu">
      <button
        ref={button}
        type="button"
        className={`status-button presence-${status.availability}`}
        aria-label={t('status.label')}
        aria-describedby={currentId}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="presence-dot" aria-hidden="true" />
        <span id={currentId} className="status-current">
          {t(presenceLabelId(status.availability))}
          {status.note && <span className="status-current-note"> · {status.note}</span>}
        </span>
        <span className="status-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <div
          ref={panel}
          id={panelId}
          className="status-panel"
          role="dialog"
          aria-label={t('status.setYours')}
        >
          <form onSubmit={saveNote}>
            <fieldset className="status-choices">
              <legend className="visually-hidden">{t('status.label')}</legend>
              {AVAILABILITIES.map((a) => (
                <label key={a} className={`status-choice presence-${a}`}>
                  <input
                    type="radio"
                    name={`${ids}-availability`}
                    value={a}
                    checked={status.availability === a}
                    onChange={() => choose(a)}
                  />
                  <span className="presence-dot" aria-hidden="true" />
                  <span className="status-choice-text">
                    <span className="status-choice-label">{t(presenceLabelId(a))}</span>
                    <span className="status-choice-hint">{t(HINT[a])}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <label className="status-note-label" htmlFor={`${ids}-note`}>
              {t('status.note')}
            </label>
            <div className="status-note-row">
              <input
                id={`${ids}-note`}
                className="status-note-input"
                type="text"
                value={note}
                maxLength={MAX_STATUS_NOTE_LENGTH}
                placeholder={t('status.notePlaceholder')}
                onChange={(event) => setNote(event.target.value)}
              />
              <button type="submit" className="button small">
                {t('status.saveNote')}
              </button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}
