import { Avatar } from '../shared/avatar.js';
import { Icon } from '../shared/icons.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import { VoicemailButton } from '../voicemail/voicemail-button.js';
import { CallHistoryButton } from '../history/call-history-button.js';
import { AudioSettingsButton } from '../devices/audio-settings-button.js';
import { SettingsButton } from '../settings/settings-dialog.js';
import { RegistrationStatus } from './registration-status.js';
import { StatusMenu } from './status-menu.js';
import { useT } from '../../i18n/use-t.js';

/** Who you are, whether you can be called, and the way out (the one-column layout's header). */
export function AppHeader({ onSettings }: { onSettings: () => void }) {
  const t = useT();
  const store = useAppStore();
  const state = useAppState();
  if (state.auth.status !== 'signed-in') return null;
  const { username, profile } = state.auth;
  const name = profile?.displayName || username;
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
        <SettingsButton onOpen={onSettings} />
        <button
          type="button"
          className="icon-button quiet"
          aria-label={t('header.signOut')}
          title={t('header.signOut')}
          onClick={() => void store.signOut()}
        >
          <Icon name="sign-out" size={20} />
        </button>
      </div>
      <div className="header-status-row">
        <RegistrationStatus />
        <StatusMenu />
      </div>
    </header>
  );
}
