/**
 * The Call history view: a full-window modal `<dialog>` over the main screen (focus moves in, the rest
 * is inert, Escape or "Back to calls" returns). Newest first; "Call back", "Delete" per call, and
 * "Clear all" after a confirmation.
 */
import { useEffect, useRef, useState } from 'react';
import { useNativeDialog } from '../shared/use-native-dialog.js';
import type { CallHistoryEntry } from '../../../../common/call-history-types.js';
import { knownDisplayName } from '../../app/app-state.js';
import { callBackTarget, peerName } from '../../history/call-history-format.js';
import type { CallHistoryStore } from '../../history/call-history-store.js';
import { useNow } from '../call/use-now.js';
import { DismissibleNotice } from '../shared/dismissible-notice.js';
import { Icon } from '../shared/icons.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import { useCallHistory } from './call-history-context.js';
import { CallHistoryRow } from './call-history-row.js';
import '../shared/focus-target.css';
import { useT } from '../../i18n/use-t.js';

export function CallHistoryView({ store }: { store: CallHistoryStore }) {
  const t = useT();
  const snapshot = useCallHistory(store);
  const open = snapshot.viewing;
  const native = useNativeDialog(
    open,
    () => store.close(),
    // A call that rang while the view was open could not take the focus: hand it to Answer.
    () => document.querySelector<HTMLElement>('[data-takes-focus="answer"]')?.focus(),
  );

  return (
    <dialog {...native} className="history-dialog" aria-labelledby="history-title">
      {open && (
        <div className="history-page">
          <header className="history-bar">
            <button
              type="button"
              className="icon-button quiet"
              aria-label={t('voicemail.backToCalls')}
              onClick={() => store.close()}
            >
              <Icon name="back" />
            </button>
            <h1 id="history-title" className="focus-target" tabIndex={-1}>
              {t('history.button')}
            </h1>
          </header>
          <HistoryList store={store} />
        </div>
      )}
    </dialog>
  );
}

function HistoryList({ store }: { store: CallHistoryStore }) {
  const t = useT();
  const snapshot = useCallHistory(store);
  const app = useAppStore();
  const state = useAppState();
  const now = useNow(true, 30_000);
  const [confirming, setConfirming] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const list = useRef<HTMLUListElement>(null);
  const focusAfterDelete = useRef<string | null | undefined>(undefined);
  const { entries, status } = snapshot;
  const registered = state.phone.registration.state === 'registered';

  // After a delete the pressed button is gone: focus the neighbour's "Call back", or "Back to calls".
  useEffect(() => {
    const target = focusAfterDelete.current;
    if (target === undefined) return;
    focusAfterDelete.current = undefined;
    const row =
      target === null ? null : list.current?.querySelector(`[data-call-id="${CSS.escape(target)}"]`);
    (
      row?.querySelector<HTMLElement>('.call-back') ??
      document.querySelector<HTMLElement>('.history-bar button')
    )?.focus();
  }, [entries]);

  const callBack = (entry: CallHistoryEntry): void => {
    store.close();
    app.call(callBackTarget(entry));
  };
  const remove = (entry: CallHistoryEntry): void => {
    const index = entries.indexOf(entry);
    focusAfterDelete.current = (entries[index + 1] ?? entries[index - 1])?.id ?? null;
    setAnnouncement(t('history.deleted', { name: peerName(entry) }));
    void store.remove(entry.id);
  };

  return (
    <section className="history-section" aria-labelledby="history-title">
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      {snapshot.notice && <DismissibleNotice text={snapshot.notice} onDismiss={() => store.clearNotice()} />}
      {entries.length > 0 && !confirming && (
        <div className="history-actions">
          <p className="history-summary">
            {t(snapshot.hasMore ? 'history.summaryMore' : 'history.summary', { count: entries.length })}
          </p>
          <button type="button" className="button ghost small" onClick={() => setConfirming(true)}>
            <Icon name="delete" size={18} />
            {t('history.clearAll')}
          </button>
        </div>
      )}
      {confirming && (
        <div className="history-confirm" role="alertdialog" aria-labelledby="history-confirm-text">
          <p id="history-confirm-text">{t('history.clearConfirm')}</p>
          <div className="history-confirm-buttons">
            <button type="button" className="button small" autoFocus onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="button danger small"
              onClick={() => {
                setConfirming(false);
                setAnnouncement(t('history.cleared'));
                void store.clear();
              }}
            >
              {t('history.clearAll')}
            </button>
          </div>
        </div>
      )}
      {status === 'loading' && entries.length === 0 && (
        <p className="history-empty" role="status">
          {t('history.loading')}
        </p>
      )}
      {status === 'error' && (
        <div className="inline-error history-error" role="alert">
          <span>{snapshot.error}</span>
          <button type="button" className="button small" onClick={() => void store.refresh()}>
            {t('common.tryAgain')}
          </button>
        </div>
      )}
      {status === 'ready' && entries.length === 0 && (
        <div className="history-empty">
          <Icon name="history" size={40} />
          <p>{t('history.empty')}</p>
          <p className="history-hint">{t('history.emptyHint')}</p>
        </div>
      )}
      {entries.length > 0 && (
        <ul className="history-list" aria-label={t('history.list')} ref={list}>
          {entries.map((entry) => (
            <CallHistoryRow
              key={entry.id}
              entry={entry}
              now={now}
              canCall={registered}
              knownName={knownDisplayName(state, entry.peer.username)}
              onCallBack={() => callBack(entry)}
              onDelete={() => remove(entry)}
            />
          ))}
        </ul>
      )}
      {snapshot.hasMore && (
        <button
          type="button"
          className="button ghost history-more"
          disabled={snapshot.loadingMore}
          onClick={() => void store.loadMore()}
        >
          {snapshot.loadingMore ? t('common.loading') : t('history.showOlder')}
        </button>
      )}
    </section>
  );
}
