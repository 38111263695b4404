/**
 * The way into the call history from the header: a button with the count of missed calls since the
 * history was last opened (accessible name "Call history, 2 missed"), and the view it opens. A ringing
 * call closes the view so the call card (and its Answer button) is never hidden behind it.
 */
import { useEffect } from 'react';
import { historyButtonLabel } from '../../history/call-history-format.js';
import type { CallHistoryStore } from '../../history/call-history-store.js';
import { badgeText } from '../../voicemail/voicemail-format.js';
import { Icon } from '../shared/icons.js';
import { useAppState } from '../shared/store-context.js';
import { useCallHistory, useCallHistoryStore } from './call-history-context.js';
import { CallHistoryView } from './call-history-view.js';
import './call-history.css';

export function CallHistoryButton() {
  const store = useCallHistoryStore();
  return store ? <HistoryEntry store={store} /> : null;
}

function HistoryEntry({ store }: { store: CallHistoryStore }) {
  const snapshot = useCallHistory(store);
  const state = useAppState();
  const ringing = state.phone.calls.some((call) => call.state === 'incoming');
  const label = historyButtonLabel(snapshot.missedUnseen);

  useEffect(() => {
    if (ringing && snapshot.viewing) store.close();
  }, [ringing, snapshot.viewing, store]);

  return (
    <>
      <button
        type="button"
        className={`icon-button quiet history-button${snapshot.missedUnseen > 0 ? ' has-missed' : ''}`}
        aria-label={label}
        title={label}
        aria-haspopup="dialog"
        onClick={() => void store.open()}
      >
        <Icon name="history" size={24} />
        {snapshot.missedUnseen > 0 && (
          <span className="history-badge" aria-hidden="true">
            {badgeText(snapshot.missedUnseen)}
          </span>
        )}
      </button>
      <CallHistoryView store={store} />
    </>
  );
}
