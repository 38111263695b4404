/** One call: direction icon, who, when, how long, which device, cost; "Call back" and "Delete". */
import type { CallHistoryEntry } from '../../../../common/call-history-types.js';
import {
  callKind,
  deviceText,
  formatCost,
  formatDuration,
  peerName,
  relativeTime,
  rowSummary,
} from '../../history/call-history-format.js';
import { Avatar } from '../shared/avatar.js';
import { Icon, type IconName } from '../shared/icons.js';

const DIRECTION_ICON: Record<CallHistoryEntry['direction'], IconName> = {
  incoming: 'call-incoming',
  outgoing: 'call-outgoing',
  missed: 'call-missed',
};

export function CallHistoryRow({
  entry,
  now,
  canCall,
  onCallBack,
  onDelete,
}: {
  entry: CallHistoryEntry;
  now: number;
  canCall: boolean;
  onCallBack: () => void;
  onDelete: () => void;
}) {
  const name = peerName(entry);
  const device = deviceText(entry);
  const seed = entry.peer.username ?? entry.peer.uri;
  return (
    <li
      className={`history-row is-${entry.direction}`}
      data-call-id={entry.id}
      aria-label={rowSummary(entry, now)}
    >
      <Avatar name={name} seed={seed} />
      <div className="history-who">
        <span className="history-name">{name}</span>
        <span className="history-meta">
          <span className={`history-direction is-${entry.direction}`}>
            <Icon name={DIRECTION_ICON[entry.direction]} size={16} />
            {callKind(entry)}
          </span>
          <span aria-hidden="true">·</span>
          <time dateTime={entry.startedAt}>{relativeTime(entry.startedAt, now)}</time>
          {entry.durationSeconds !== undefined && (
            <>
              <span aria-hidden="true">·</span>
              <span className="history-duration">{formatDuration(entry.durationSeconds)}</span>
            </>
          )}
          {entry.cost && (
            <>
              <span aria-hidden="true">·</span>
              <span className="history-cost">{formatCost(entry.cost)}</span>
            </>
          )}
        </span>
        {device && <span className="history-device">{device}</span>}
      </div>
      <div className="history-row-actions">
        <button
          type="button"
          className="button call small call-back"
          disabled={!canCall}
          onClick={onCallBack}
        >
          <Icon name="phone" size={18} />
          Call back
        </button>
        <button
          type="button"
          className="icon-button quiet"
          aria-label="Delete"
          title="Delete"
          onClick={onDelete}
        >
          <Icon name="delete" size={20} />
        </button>
      </div>
    </li>
  );
}
