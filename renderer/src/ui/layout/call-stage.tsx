/**
 * Everything about calls that sits above the chat: the ringing calls' cards (a banner that never takes
 * the place of an open conversation), the other calls strip, the call in progress, and notices. Used by
 * both layouts (one column, and the main pane of the two-pane one).
 */
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { CallPanel } from '../call/call-panel.js';
import { IncomingCallCard } from '../call/incoming-call-card.js';
import { OtherCalls } from '../call/other-calls.js';
import { DeviceNotices } from '../devices/device-notices.js';
import { DismissibleNotice } from '../shared/dismissible-notice.js';
import { useAppState, useAppStore } from '../shared/store-context.js';

export function CallStage({
  ringing,
  main,
  others,
  nameOf,
}: {
  ringing: readonly CallSnapshot[];
  main: CallSnapshot | undefined;
  others: readonly CallSnapshot[];
  nameOf: (call: CallSnapshot) => string;
}) {
  const store = useAppStore();
  const state = useAppState();
  const live = main !== undefined && main.state !== 'ended';
  return (
    <>
      {ringing.map((call, index) => (
        <IncomingCallCard key={call.id} call={call} name={nameOf(call)} focus={index === 0} waiting={live} />
      ))}
      {main && others.length > 0 && <OtherCalls main={main} others={others} nameOf={nameOf} />}
      {main && (
        <CallPanel key={main.id} call={main} name={nameOf(main)} onClose={() => store.dismiss(main.id)} />
      )}
      {state.notice && <DismissibleNotice text={state.notice} onDismiss={() => store.clearNotice()} />}
      <DeviceNotices />
    </>
  );
}
