/**
 * The Voicemail view: a full-window modal `<dialog>` over the main screen (focus moves in, the rest is
 * inert, Escape or "Back" returns to calls). It shows the list or the voicemail settings.
 */
import { useEffect, useRef, useState } from 'react';
import { callerName } from '../../voicemail/voicemail-format.js';
import { useNow } from '../call/use-now.js';
import { Icon } from '../shared/icons.js';
import { useVoicemailPlayer } from './use-voicemail-player.js';
import { useVoicemailContextStrict, useVoicemailSnapshot } from './voicemail-context.js';
import { VoicemailRow } from './voicemail-row.js';
import { VoicemailSettings } from './voicemail-settings.js';
import './voicemail.css';

const SOURCE_TEXT = { service: 'Parley', imap: 'your mailbox (IMAP)', pop3: 'your mailbox (POP3)' } as const;

export function VoicemailView() {
  const { controller, page, setPage } = useVoicemailContextStrict();
  const dialog = useRef<HTMLDialogElement>(null);
  const open = page !== 'closed';

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="voicemail-dialog"
      aria-labelledby="voicemail-title"
      onClose={() => setPage('closed')}
    >
      {open && (
        <div className="voicemail-page">
          <header className="voicemail-bar">
            <button
              type="button"
              className="icon-button quiet"
              aria-label={page === 'settings' ? 'Back to voicemail' : 'Back to calls'}
              onClick={() => setPage(page === 'settings' ? 'list' : 'closed')}
            >
              <Icon name="back" />
            </button>
            <h1 id="voicemail-title">{page === 'settings' ? 'Voicemail settings' : 'Voicemail'}</h1>
            {page === 'list' && (
              <button
                type="button"
                className="icon-button quiet"
                aria-label="Voicemail settings"
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
  const { controller } = useVoicemailContextStrict();
  const snapshot = useVoicemailSnapshot(controller);
  const player = useVoicemailPlayer(controller.store);
  const now = useNow(true, 30_000);
  const [announcement, setAnnouncement] = useState('');
  const { status, voicemails } = snapshot;

  return (
    <section className="voicemail-list-section" aria-labelledby="voicemail-title">
      {/* The one element that plays recordings (blob: URLs), outside the rows so none re-creates it. */}
      <audio ref={player.audioRef} className="voicemail-audio" preload="none" />
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      <p className="voicemail-summary">
        {snapshot.newCount > 0
          ? `${snapshot.newCount} new · ${voicemails.length} in all`
          : voicemails.length > 0
            ? `${voicemails.length} heard`
            : ''}
        {snapshot.source && <span className="voicemail-source"> From {SOURCE_TEXT[snapshot.source]}</span>}
      </p>
      {snapshot.offlineNote && <p className="voicemail-note">{snapshot.offlineNote}</p>}
      {snapshot.notice && (
        <div className="notice" role="alert">
          <span>{snapshot.notice}</span>
          <button
            type="button"
            className="icon-button quiet"
            aria-label="Dismiss message"
            onClick={() => controller.store.clearNotice()}
          >
            <Icon name="close" size={18} />
          </button>
        </div>
      )}
      {status === 'loading' && voicemails.length === 0 && (
        <p className="voicemail-empty" role="status">
          Loading voicemail…
        </p>
      )}
      {status === 'error' && (
        <div className="inline-error voicemail-error" role="alert">
          <span>{snapshot.error}</span>
          <button type="button" className="button small" onClick={() => void controller.store.refresh()}>
            Try again
          </button>
        </div>
      )}
      {status === 'ready' && voicemails.length === 0 && (
        <div className="voicemail-empty">
          <Icon name="voicemail" size={40} />
          <p>No voicemail.</p>
          <p className="voicemail-hint">When someone leaves you a message, it appears here.</p>
        </div>
      )}
      {voicemails.length > 0 && (
        <ul className="voicemail-list" aria-label="Voicemails">
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
                if (player.state.id === item.id) player.stop();
                setAnnouncement(`Voicemail from ${callerName(item)} deleted.`);
                void controller.store.remove(item.id);
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
