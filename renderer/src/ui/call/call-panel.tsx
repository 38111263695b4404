import { useEffect, useRef } from 'react';
import { isPhoneCall, PhoneCallCost } from './phone-call-cost.js';
import {
  activeCallText,
  callStateText,
  doNotDisturbText,
  endReasonText,
  formatDuration,
  isProblemEnd,
  peerHandle,
} from '../../app/call-text.js';
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { AudioSettingsButton } from '../devices/audio-settings-button.js';
import { Avatar } from '../shared/avatar.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { CallControls } from './call-controls.js';
import { CallQualityIndicator } from './call-quality-indicator.js';
import { RecordingNotice } from './record-button.js';
import { MicMeter } from './mic-meter.js';
import { RemoteMeter } from './remote-meter.js';
import { useNow } from './use-now.js';
import { useT } from '../../i18n/use-t.js';

/**
 * The call in progress (or just ended): peer, state, timer and call-quality bars, the two voice meters
 * (yours and theirs), Mute and Hang up; Hold, Keypad and Verify call below (call-controls.tsx).
 */
export function CallPanel({
  call,
  name,
  onClose,
}: {
  call: CallSnapshot;
  /** The peer's name to show (display name from the call, the contacts or the directory). */
  name: string;
  onClose: () => void;
}) {
  const t = useT();
  const store = useAppStore();
  const heading = useRef<HTMLHeadingElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const ended = call.state === 'ended';
  const now = useNow(call.state === 'active');
  const handle = peerHandle(call.peer);
  const waiting = call.state === 'dialing' || call.state === 'ringing' || call.state === 'connecting';
  const reasonId = `call-${call.id}-reason`;

  // A new call moves focus to the peer's name, an ended one to Close, so keyboard and screen-reader users
  // follow along (Enter on Close returns to the dial field).
  useEffect(() => {
    if (ended) close.current?.focus();
    else heading.current?.focus();
  }, [call.id, ended]);

  return (
    <section className={`call-panel state-${call.state}`} aria-labelledby={`call-${call.id}`}>
      {/* While the call is being set up, the avatar pulses like a ringing phone (still for reduced motion). */}
      <div className={`call-avatar${waiting ? ' pulse-ring' : ''}`}>
        <Avatar name={name} seed={handle} size="lg" />
      </div>
      <h2 id={`call-${call.id}`} className="call-peer" tabIndex={-1} ref={heading}>
        {name}
      </h2>
      {name !== handle && <p className="call-handle">{handle}</p>}
      {ended ? (
        <div className={`call-ended ${isProblemEnd(call) ? 'problem' : ''}`}>
          <p className="call-state">{t('call.ended')}</p>
          <p className="call-reason" id={reasonId}>
            {endReasonText(call)}
          </p>
          {isPhoneCall(call) && <PhoneCallCost call={call} />}
        </div>
      ) : (
        <p className="call-state">
          {/* Not live (the ticking timer would flood a screen reader): the main screen's status speaks. */}
          <span>{call.state === 'active' ? activeCallText(call) : callStateText(call, now)}</span>
          {call.state === 'active' && (
            <>
              {' '}
              <span className="timer">{formatDuration(now - (call.answeredAt ?? call.createdAt))}</span>
              {/* No quality bars while reconnecting: the last reading no longer says anything. */}
              <CallQualityIndicator quality={call.reconnecting ? undefined : call.quality} />
            </>
          )}
        </p>
      )}
      {!ended && call.calleeDoNotDisturb && (
        <p className="call-notice dnd" role="status">
          {doNotDisturbText(name)}
        </p>
      )}
      <RecordingNotice call={call} name={name} />
      {!ended && (
        <div className="call-meters">
          <MicMeter active={!ended} muted={call.muted} />
          <RemoteMeter active={call.state === 'active'} name={name} />
        </div>
      )}
      <div className="call-actions">
        {ended ? (
          <>
            <button
              ref={close}
              type="button"
              className="button"
              aria-describedby={reasonId}
              onClick={onClose}
            >
              <Icon name="close" size={18} />
              {t('common.close')}
            </button>
            {/* No "Call again" for a username that does not exist: it would fail the same way. */}
            {call.peer.username && call.endReason !== 'not-found' && (
              <button type="button" className="button call" onClick={() => store.call(handle)}>
                <Icon name="phone" size={18} />
                {t('call.callAgain')}
              </button>
            )}
          </>
        ) : (
          <>
            <button
              type="button"
              className={`round-button mute ${call.muted ? 'on' : ''}`}
              aria-pressed={call.muted}
              disabled={call.state !== 'active'}
              onClick={() => store.setMuted(call.id, !call.muted)}
            >
              <Icon name={call.muted ? 'mic-off' : 'mic'} size={26} />
              <span>{call.muted ? t('call.unmute') : t('call.mute')}</span>
            </button>
            <button type="button" className="round-button hangup" onClick={() => void store.hangup(call.id)}>
              <Icon name="hangup" size={26} />
              <span>{t('call.hangUp')}</span>
            </button>
            <AudioSettingsButton variant="call" />
          </>
        )}
      </div>
      {!ended && <CallControls call={call} />}
    </section>
  );
}
