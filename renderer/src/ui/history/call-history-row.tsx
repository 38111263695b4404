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
import { useT } from '../../i18n/use-t.js';

const DIRECTION_ICON: Record<CallHistoryEntry['direction'], IconName> = {
  incoming: 'call-incoming',
  outgoing: 'call-outgoing',
  missed: 'call-missed',
};

export function CallHistoryRow({
  entry,
  now,
  canCall,
  knownName,
  onCallBack,
  onDelete,
}: {
  entry: CallHistoryEntry;
  now: number;
  canCall: boolean;
  /** The peer's display name as the directory or contacts know it, if they do. */
  knownName?: string | undefined;
  onCallBack: () => void;
  onDelete: () => void;
}) {
  const t = useT();
  const name = entry.peer.displayName?.trim() || knownName || peerName(entry);
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
        <span className="history-top">
          <span className="history-name">{name}</span>
          <time className="history-time" dateTime={entry.startedAt}>
            {relativeTime(entry.startedAt, now)}
          </time>
        </span>
        <span className="history-meta">
          <span className={`history-direction is-${entry.direction}`}>
            <Icon name={DIRECTION_ICON[entry.direction]} size={16} />
            {callKind(entry)}
          </span>
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
          className="icon-button call-back"
          aria-label={t('history.callBack')}
          title={t('history.callBackName', { name })}
          disabled={!canCall}
          onClick={onCallBack}
        >
          <Icon name="phone" size={20} />
        </button>
        <button
          type="button"
          className="icon-button quiet"
          aria-label={t('common.delete')}
          title={t('common.delete')}
          onClick={onDelete}
        >
          <Icon name="delete" size={20} />
        </button>
      </div>
    </li>
  );
}
