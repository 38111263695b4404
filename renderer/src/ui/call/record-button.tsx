/**
 * Call recording in the call panel (issue 16 item 4):
 * - `RecordButton`: a toggle (`aria-pressed`) named "Record"; disabled, with the reason beside it, when the
 *   administrator has not allowed recording (`GET /api/config` → `recording`).
 * - `RecordingNotice`: "Recording" while we record, and "Recording: NAME is recording this call" when the
 *   other party does (their offer said `a=record:on`, RFC 7866 §6.1).
 */
import type { CallSnapshot } from '../../engine/phone-engine-contract.js';
import { Icon } from '../shared/icons.js';
import { useAppStore } from '../shared/store-context.js';
import { useRecordings } from '../recordings/recordings-context.js';
import '../recordings/recordings.css';
import { useT } from '../../i18n/use-t.js';

export function RecordButton({ call }: { call: CallSnapshot }) {
  const t = useT();
  const store = useAppStore();
  const { policy } = useRecordings();
  const recording = call.recording === true;
  const allowed = policy === 'allowed';
  const reasonId = `record-reason-${call.id}`;
  const reason = policy === 'off' ? t('record.off') : policy === 'unknown' ? t('record.unknown') : undefined;
  return (
    <span className="record-control">
      <button
        type="button"
        className={`round-button small record ${recording ? 'on' : ''}`}
        aria-pressed={recording}
        aria-describedby={reason ? reasonId : undefined}
        disabled={!allowed || call.state !== 'active'}
        onClick={() => void store.setRecording(call.id, !recording)}
      >
        <Icon name={recording ? 'stop' : 'record'} size={22} />
        <span>{t('record.button')}</span>
      </button>
      {reason && (
        <span id={reasonId} className="record-reason">
          {reason}
        </span>
      )}
    </span>
  );
}

export function RecordingNotice({ call, name }: { call: CallSnapshot; name: string }) {
  const t = useT();
  if (call.state === 'ended' || (!call.recording && !call.remoteRecording)) return null;
  return (
    <p className="call-notice recording-notice" role="status">
      <span className="recording-dot" aria-hidden="true" />
      {call.recording ? t('record.byYou') : t('record.byThem', { name })}
    </p>
  );
}
