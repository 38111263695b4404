/**
 * The way into voicemail from the main screen: a button with the count of new voicemails
 * (accessible name "Voicemail, 2 new"), and the view it opens. An incoming call closes the view so the
 * call card (and its Answer button) is never hidden behind it.
 */
import { useEffect } from 'react';
import { badgeText, voicemailTabLabel } from '../../voicemail/voicemail-format.js';
import { useAppState } from '../shared/store-context.js';
import { useVoicemailContext, useVoicemailSnapshot } from './voicemail-context.js';
import { Icon } from '../shared/icons.js';
import { VoicemailView } from './voicemail-view.js';
import type { VoicemailController } from '../../voicemail/voicemail-controller.js';

export function VoicemailButton() {
  const context = useVoicemailContext();
  if (!context) return null;
  return <VoicemailEntry controller={context.controller} />;
}

function VoicemailEntry({ controller }: { controller: VoicemailController }) {
  const { page, setPage } = useVoicemailContext()!;
  const snapshot = useVoicemailSnapshot(controller);
  const state = useAppState();
  const ringing = state.phone.calls.some((call) => call.state === 'incoming');

  useEffect(() => {
    if (ringing && page !== 'closed') setPage('closed');
  }, [ringing, page, setPage]);

  return (
    <>
      <button
        type="button"
        className={`icon-button quiet voicemail-button${snapshot.newCount > 0 ? ' has-new' : ''}`}
        aria-label={voicemailTabLabel(snapshot.newCount)}
        title={voicemailTabLabel(snapshot.newCount)}
        aria-haspopup="dialog"
        onClick={() => setPage('list')}
      >
        <Icon name="voicemail" size={24} />
        {snapshot.newCount > 0 && (
          <span className="voicemail-badge" aria-hidden="true">
            {badgeText(snapshot.newCount)}
          </span>
        )}
      </button>
      <VoicemailView />
    </>
  );
}
