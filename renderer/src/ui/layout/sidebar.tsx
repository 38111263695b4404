/**
 * The two-pane layout's sidebar: who you are and whether you can be called, your status, the tools
 * (call history, voicemail, audio, settings, shortcuts, sign out), the dial field, search, contacts,
 * recent conversations and recent calls. Composition only: each part is the component the one-column
 * layout uses too.
 */
import type { Ref } from 'react';
import { AudioSettingsButton } from '../devices/audio-settings-button.js';
import { CallHistoryButton } from '../history/call-history-button.js';
import { ShortcutsButton } from '../keyboard/shortcuts-button.js';
import { AddressBookPanel } from '../contacts/address-book-panel.js';
import { ContactList } from '../main/contact-list.js';
import { RecordingsSection } from '../recordings/recordings-section.js';
import { DialForm } from '../main/dial-form.js';
import { DirectorySearch } from '../main/directory-search.js';
import { MessagesPanel } from '../main/messages-panel.js';
import { RegistrationStatus } from '../main/registration-status.js';
import { StatusMenu } from '../main/status-menu.js';
import { SettingsButton } from '../settings/settings-dialog.js';
import { Avatar } from '../shared/avatar.js';
import { Icon } from '../shared/icons.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import { VoicemailButton } from '../voicemail/voicemail-button.js';
import { RecentCalls } from './recent-calls.js';
import { useT } from '../../i18n/use-t.js';

export function Sidebar({
  canCall,
  dialRef,
  searchRef,
  onSettings,
  onShortcuts,
}: {
  canCall: boolean;
  dialRef: Ref<HTMLInputElement>;
  searchRef: Ref<HTMLInputElement>;
  onSettings: () => void;
  onShortcuts: () => void;
}) {
  const t = useT();
  const store = useAppStore();
  const state = useAppState();
  if (state.auth.status !== 'signed-in') return null;
  const { username, profile } = state.auth;
  const name = profile?.displayName || username;
  return (
    <aside className="sidebar" aria-label={t('sidebar.label')}>
      <header className="sidebar-me">
        <h1 className="visually-hidden">Parley</h1>
        <div className="me">
          <Avatar name={name} seed={username} size="lg" />
          <div className="me-text">
            <span className="me-name">{name}</span>
            <span className="me-handle">{username}</span>
          </div>
        </div>
        <div className="sidebar-status-row">
          <RegistrationStatus />
          <StatusMenu />
        </div>
        <nav className="sidebar-tools" aria-label={t('sidebar.tools')}>
          <CallHistoryButton />
          <VoicemailButton />
          <AudioSettingsButton />
          <SettingsButton onOpen={onSettings} />
          <ShortcutsButton onOpen={onShortcuts} />
          <button
            type="button"
            className="icon-button quiet"
            aria-label={t('header.signOut')}
            title={t('header.signOut')}
            onClick={() => void store.signOut()}
          >
            <Icon name="sign-out" size={20} />
          </button>
        </nav>
      </header>
      <div className="sidebar-scroll">
        <DialForm canCall={canCall} inputRef={dialRef} />
        <DirectorySearch canCall={canCall} inputRef={searchRef} />
        <ContactList canCall={canCall} />
        <AddressBookPanel canCall={canCall} />
        <MessagesPanel />
        <RecentCalls canCall={canCall} />
        <RecordingsSection />
      </div>
    </aside>
  );
}
