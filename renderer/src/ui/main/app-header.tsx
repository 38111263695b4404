import { registrationText } from '../../app/call-text.js';
import { Avatar } from '../shared/avatar.js';
import { Icon } from '../shared/icons.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import { VoicemailButton } from '../voicemail/voicemail-button.js';
import { CallHistoryButton } from '../history/call-history-button.js';
import { AudioSettingsButton } from '../devices/audio-settings-button.js';
import { StatusMenu } from './status-menu.js';

/** Who you are, whether you can be called, and the way out. */
export function AppHeader() {
  const store = useAppStore();
  const state = useAppState();
  if (state.auth.status !== 'signed-in') return null;
  const { username, profile } = state.auth;
  const name = profile?.displayName || username;
  const status = registrationText(state.phone.registration);
  return (
    <header className="app-header">
      {/* The page's one top-level heading, for screen-reader navigation by headings. */}
      <h1 className="visually-hidden">Parley</h1>
      <div className="me">
        <Avatar name={name} seed={username} size="lg" />
        <div className="me-text">
          <span className="me-name">{name}</span>
          <span className="me-handle">{username}</span>
        </div>
        <CallHistoryButton />
        <VoicemailButton />
        <AudioSettingsButton />
        <button type="button" className="button ghost small" onClick={() => void store.signOut()}>
          <Icon name="sign-out" size={18} />
          Sign out
        </button>
      </div>
      <div className="header-status-row">
        <div className={`registration tone-${status.tone}`} role="status" aria-live="polite">
          <span className="registration-dot" aria-hidden="true" />
          <span className="registration-label">{status.label}</span>
          {status.hint && <span className="registration-hint">{status.hint}</span>}
          {(status.tone === 'problem' || status.tone === 'idle') && (
            <button type="button" className="button small" onClick={() => void store.reconnect()}>
              Reconnect
            </button>
          )}
        </div>
        <StatusMenu />
      </div>
    </header>
  );
}
