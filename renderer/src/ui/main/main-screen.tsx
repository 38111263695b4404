import { useCallback, useEffect, useRef, useState } from 'react';
import { knownDisplayName } from '../../app/app-state.js';
import { callsToShow, peerHandle, peerName, spokenCallState } from '../../app/call-text.js';
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { useRingtone } from '../call/use-ringtone.js';
import { useAppState } from '../shared/store-context.js';
import { AppHeader } from './app-header.js';
import { ContactList } from './contact-list.js';
import { AddressBookPanel } from '../contacts/address-book-panel.js';
import { DialForm } from './dial-form.js';
import { DirectorySearch } from './directory-search.js';
import { MessagesPanel, OpenConversation } from './messages-panel.js';
import { AudioSettingsDialog } from '../devices/audio-settings-dialog.js';
import { useRingerSink } from '../devices/devices-context.js';
import { ShortcutsDialog } from '../keyboard/shortcuts-dialog.js';
import { useKeyboardShortcuts } from '../keyboard/use-keyboard-shortcuts.js';
import { CallStage } from '../layout/call-stage.js';
import { MainPane } from '../layout/main-pane.js';
import { Sidebar } from '../layout/sidebar.js';
import { useWideLayout } from '../layout/use-wide-layout.js';
import { SettingsDialog } from '../settings/settings-dialog.js';
import '../layout/layout.css';
import { RecordingsSection } from '../recordings/recordings-section.js';
import { useT } from '../../i18n/use-t.js';

/**
 * Signed in. On a wide window (layout/use-wide-layout.ts): a sidebar (you, search, contacts,
 * conversations, recent calls) and a main pane (the call, the open chat). Narrower: one column, header
 * then either the call in progress or the dial field, contacts and directory.
 */
export function MainScreen() {
  const t = useT();
  const state = useAppState();
  const wide = useWideLayout();
  const dialInput = useRef<HTMLInputElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  const { ringing, main, others } = callsToShow(state.phone);
  const live = main !== undefined && main.state !== 'ended';
  const canCall = state.phone.registration.state === 'registered' && !live && ringing.length === 0;
  const nameOf = (call: CallSnapshot): string =>
    call.peer.displayName?.trim() || knownDisplayName(state, call.peer.username) || peerName(call.peer);
  const announcement = ringing
    .map((call) => t('call.announceIncoming', { name: nameOf(call), handle: peerHandle(call.peer) }))
    .join('. ');

  useRingtone(ringing.length > 0, useRingerSink(), live);
  useKeyboardShortcuts({ search: searchInput, onHelp: openShortcuts });

  // Just signed in (the sign-in form is gone, focus fell to <body>): start in the dial field.
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) {
      dialInput.current?.focus();
    }
  }, []);

  // Back from a call: focus returns to the dial field.
  const hadCall = useRef(false);
  useEffect(() => {
    const hasCall = main !== undefined || ringing.length > 0;
    if (hadCall.current && !hasCall) dialInput.current?.focus();
    hadCall.current = hasCall;
  }, [main, ringing.length]);

  const regions = (
    <>
      {/* Present from the start so screen readers announce each new caller at once. */}
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement}
      </div>
      {/* The call's state and, at the end, why it ended: one region for every call, so a panel that
          appears already ended (a missed call) is announced too. */}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {main ? spokenCallState(main) : ''}
      </div>
    </>
  );
  const dialogs = (
    <>
      <AudioSettingsDialog />
      <SettingsDialog
        open={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        onShortcuts={openShortcuts}
      />
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </>
  );

  if (wide) {
    return (
      <div className="two-pane">
        {regions}
        <Sidebar
          canCall={canCall}
          dialRef={dialInput}
          searchRef={searchInput}
          onSettings={() => setSettingsOpen(true)}
          onShortcuts={openShortcuts}
        />
        <MainPane ringing={ringing} main={main} others={others} nameOf={nameOf} onShortcuts={openShortcuts} />
        {dialogs}
      </div>
    );
  }

  return (
    <div className="main-screen">
      <AppHeader onSettings={() => setSettingsOpen(true)} />
      {regions}
      <main className="content">
        <CallStage ringing={ringing} main={main} others={others} nameOf={nameOf} />
        <OpenConversation />
        {!live && <DialForm canCall={canCall} inputRef={dialInput} />}
        <MessagesPanel />
        {!live && (
          <>
            <ContactList canCall={canCall} />
            <AddressBookPanel canCall={canCall} />
            <DirectorySearch canCall={canCall} inputRef={searchInput} />
            <RecordingsSection />
          </>
        )}
      </main>
      {dialogs}
    </div>
  );
}
