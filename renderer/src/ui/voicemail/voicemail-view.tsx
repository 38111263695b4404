/**
 * The Voicemail view: a full-window modal `<dialog>` over the main screen (focus moves in, the rest is
 * inert, Escape or "Back" returns to calls). It shows the list or the voicemail settings.
 */
import type { MessageId } from '../../i18n/i18n.js';
import { useEffect, useRef, useState } from 'react';
import { useNativeDialog } from '../shared/use-native-dialog.js';
import { callerName } from '../../voicemail/voicemail-format.js';
import { useNow } from '../call/use-now.js';
import { Icon } from '../shared/icons.js';
import { useVoicemailPlayer } from './use-voicemail-player.js';
import { useVoicemailContextStrict, useVoicemailSnapshot } from './voicemail-context.js';
import { VoicemailRow } from './voicemail-row.js';
import { VoicemailSettings } from './voicemail-settings.js';
import '../shared/focus-target.css';
import './voicemail.css';
import { DismissibleNotice } from '../shared/dismissible-notice.js';
import { useT } from '../../i18n/use-t.js';

const SOURCE_TEXT = {
  service: 'voicemail.source.service',
  imap: 'voicemail.source.imap',
  pop3: 'voicemail.source.pop3',
} as const satisfies Record<string, MessageId>;

export function VoicemailView() {
  const t = useT();
  const { controller, page, setPage } = useVoicemailContextStrict();
  const title = useRef<HTMLHeadingElement>(null);
  const shownPage = useRef(page);
  const open = page !== 'closed';

  // Between the list and the settings the button just pressed goes away: the focus moves to the new
  // page's title so it is read out and never drops to <body>. (Opening focuses "Back to calls";
  // closing gives the focus back to the Voicemail button: both done by the <dialog> itself.)
  useEffect(() => {
    const previous = shownPage.current;
    shownPage.current = page;
    if (previous !== 'closed' && page !== 'closed' && previous !== page) title.current?.focus();
  }, [page]);

  const native = useNativeDialog(
    open,
    () => setPage('closed'),
    // A call that rang while the view was open could not take the focus (everything behind a modal
    // dialog is inert) and close() just gave it back to the Voicemail button: hand it to Answer.
    () => document.querySelector<HTMLElement>('[data-takes-focus="answer"]')?.focus(),
  );

  return (
    <dialog {...native} className="voicemail-dialog" aria-labelledby="voicemail-title">
      {open && (
        <div className="voicemail-page">
          <header className="voicemail-bar">
            <button
              type="button"
              className="icon-button quiet"
              aria-label={page === 'settings' ? t('voicemail.backToList') : t('voicemail.backToCalls')}
              onClick={() => setPage(page === 'settings' ? 'list' : 'closed')}
            >
              <Icon name="back" />
            </button>
            <h1 id="voicemail-title" className="focus-target" tabIndex={-1} ref={title}>
              {page === 'settings' ? t('voicemail.settings') : t('voicemail.tab')}
            </h1>
            {page === 'list' && (
              <button
                type="button"
                className="icon-button quiet"
                aria-label={t('voicemail.settings')}
                onClick={() => setPage('settings')}
              >
                <Icon name="settings" />
              </button>
            )}
          </header>
          {page === 'list' ? <VoicemailList /> : <VoicemailSettings controller={controller} />}
        </div>
      )}
    </dialog>
  );
}

function VoicemailList() {
  const t = useT();
  const { controller } = useVoicemailContextStrict();
  const snapshot = useVoicemailSnapshot(controller);
  const player = useVoicemailPlayer(controller.store);
  const now = useNow(true, 30_000);
  const [announcement, setAnnouncement] = useState('');
  const { status, voicemails } = snapshot;
  const list = useRef<HTMLUListElement>(null);
  // After a delete the pressed button is gone: focus the next voicemail's Play (or the previous one's),
  // or "Back to calls" when none is left.
  const focusAfterDelete = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    const target = focusAfterDelete.current;
    if (target === undefined) return;
    focusAfterDelete.current = undefined;
    const row =
      target === null ? null : list.current?.querySelector(`[data-voicemail-id="${CSS.escape(target)}"]`);
    const button =
      row?.querySelector<HTMLElement>('.play-button') ??
      document.querySelector<HTMLElement>('.voicemail-bar button');
    button?.focus();
  }, [voicemails]);

  return (
    <section className="voicemail-list-section" aria-labelledby="voicemail-title">
      {/* The one element that plays recordings (blob: URLs), outside the rows so none re-creates it. */}
      <audio ref={player.audioRef} className="voicemail-audio" preload="none" />
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      <p className="voicemail-summary">
        {snapshot.newCount > 0
          ? t('voicemail.summaryNew', { count: snapshot.newCount, total: voicemails.length })
          : voicemails.length > 0
            ? t('voicemail.summaryHeard', { total: voicemails.length })
            : ''}
        {snapshot.source && (
          <span className="voicemail-source">
            {' '}
            {t('voicemail.from', { source: t(SOURCE_TEXT[snapshot.source]) })}
          </span>
        )}
      </p>
      {snapshot.offlineNote && <p className="voicemail-note">{snapshot.offlineNote}</p>}
      {snapshot.notice && (
        <DismissibleNotice text={snapshot.notice} onDismiss={() => controller.store.clearNotice()} />
      )}
      {status === 'loading' && voicemails.length === 0 && (
        <p className="voicemail-empty" role="status">
          {t('voicemail.loading')}
        </p>
      )}
      {status === 'error' && (
        <div className="inline-error voicemail-error" role="alert">
          <span>{snapshot.error}</span>
          <button type="button" className="button small" onClick={() => void controller.store.refresh()}>
            {t('common.tryAgain')}
          </button>
        </div>
      )}
      {status === 'ready' && voicemails.length === 0 && (
        <div className="voicemail-empty">
          <Icon name="voicemail" size={40} />
          <p>{t('voicemail.empty')}</p>
          <p className="voicemail-hint">{t('voicemail.emptyHint')}</p>
        </div>
      )}
      {voicemails.length > 0 && (
        <ul className="voicemail-list" aria-label={t('voicemail.list')} ref={list}>
          {voicemails.map((item) => (
            <VoicemailRow
              key={item.id}
              item={item}
              player={player.state}
              peaks={item.peaks.length > 0 ? item.peaks : (player.measuredPeaks[item.id] ?? [])}
              now={now}
              onToggle={() => player.toggle(item)}
              onSeek={(seconds) => player.seek(item, seconds)}
              onDelete={() => {
                const index = voicemails.indexOf(item);
                const neighbour = voicemails[index + 1] ?? voicemails[index - 1];
                focusAfterDelete.current = neighbour?.id ?? null;
                if (player.state.id === item.id) player.stop();
                setAnnouncement(t('voicemail.deleted', { name: callerName(item) }));
                void controller.store.remove(item.id);
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
