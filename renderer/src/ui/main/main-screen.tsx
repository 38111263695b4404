import { useEffect, useRef } from 'react';
import { knownDisplayName } from '../../app/app-state.js';
import { callsToShow, peerHandle, peerName, spokenCallState } from '../../app/call-text.js';
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { CallPanel } from '../call/call-panel.js';
import { IncomingCallCard } from '../call/incoming-call-card.js';
import { OtherCalls } from '../call/other-calls.js';
import { useRingtone } from '../call/use-ringtone.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import { AppHeader } from './app-header.js';
import { ContactList } from './contact-list.js';
import { DialForm } from './dial-form.js';
import { DirectorySearch } from './directory-search.js';
import { MessagesPanel, OpenConversation } from './messages-panel.js';
import { DismissibleNotice } from '../shared/dismissible-notice.js';
import { AudioSettingsDialog } from '../devices/audio-settings-dialog.js';
import { DeviceNotices } from '../devices/device-notices.js';
import { useRingerSink } from '../devices/devices-context.js';
import { RecordingsSection } from '../recordings/recordings-section.js';

/** Signed in: header, then either the call in progress or the dial field, contacts and directory. */
export function MainScreen() {
  const store = useAppStore();
  const state = useAppState();
  const dialInput = useRef<HTMLInputElement>(null);
  const { ringing, main, others } = callsToShow(state.phone);
  const live = main !== undefined && main.state !== 'ended';
  const canCall = state.phone.registration.state === 'registered' && !live && ringing.length === 0;
  const nameOf = (call: CallSnapshot): string =>
    call.peer.displayName?.trim() || knownDisplayName(state, call.peer.username) || peerName(call.peer);
  const announcement = ringing
    .map((call) => `${nameOf(call)} (${peerHandle(call.peer)}) is calling`)
    .join('. ');

  useRingtone(ringing.length > 0, useRingerSink(), live);

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

  return (
    <div className="main-screen">
      <AppHeader />
      {/* Present from the start so screen readers announce each new caller at once. */}
      <div className="visually-hidden" aria-live="assertive" aria-atomic="true">
        {announcement}
      </div>
      {/* The call's state and, at the end, why it ended: one region for every call, so a panel that
          appears already ended (a missed call) is announced too. */}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {main ? spokenCallState(main) : ''}
      </div>
      <main className="content">
        {ringing.map((call, index) => (
          <IncomingCallCard
            key={call.id}
            call={call}
            name={nameOf(call)}
            focus={index === 0}
            waiting={live}
          />
        ))}
        {main && others.length > 0 && <OtherCalls main={main} others={others} nameOf={nameOf} />}
        {main && (
          <CallPanel key={main.id} call={main} name={nameOf(main)} onClose={() => store.dismiss(main.id)} />
        )}
        {state.notice && <DismissibleNotice text={state.notice} onDismiss={() => store.clearNotice()} />}
        <DeviceNotices />
        <OpenConversation />
        {!live && <DialForm canCall={canCall} inputRef={dialInput} />}
        <MessagesPanel />
        {!live && (
          <>
            <ContactList canCall={canCall} />
            <DirectorySearch canCall={canCall} />
            <RecordingsSection />
          </>
        )}
      </main>
      <AudioSettingsDialog />
    </div>
  );
}
