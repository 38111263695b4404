/** One voicemail: who, when, how long, new or heard, its waveform, Play / Pause and Delete. */
import { callerName, formatLength, formatReceived, rowSummary } from '../../voicemail/voicemail-format.js';
import type { VoicemailItem } from '../../voicemail/voicemail-source.js';
import { Avatar } from '../shared/avatar.js';
import type { PlayerState } from './use-voicemail-player.js';
import { Icon } from '../shared/icons.js';
import { Waveform } from './waveform.js';
import { useT } from '../../i18n/use-t.js';

export function VoicemailRow({
  item,
  player,
  peaks,
  now,
  onToggle,
  onSeek,
  onDelete,
}: {
  item: VoicemailItem;
  player: PlayerState;
  /** The waveform's levels (the entry's own, or measured from the downloaded audio). */
  peaks: readonly number[];
  now: number;
  onToggle: () => void;
  onSeek: (seconds: number) => void;
  onDelete: () => void;
}) {
  const t = useT();
  const name = callerName(item);
  const mine = player.id === item.id;
  const playing = mine && player.status === 'playing';
  const loading = mine && player.status === 'loading';
  const duration = mine && player.duration > 0 ? player.duration : item.durationMs / 1000;
  const position = mine ? player.position : 0;
  const seed = item.caller.username ?? item.caller.uri ?? name;
  return (
    <li
      className={`voicemail-row${item.heard ? '' : ' is-new'}${playing ? ' is-playing' : ''}`}
      data-voicemail-id={item.id}
      aria-label={rowSummary(item, now)}
    >
      <div className="voicemail-head">
        <Avatar name={name} seed={seed} />
        <div className="voicemail-who">
          <span className="voicemail-caller">{name}</span>
          <span className="voicemail-meta">
            <time dateTime={new Date(item.receivedAt).toISOString()}>
              {formatReceived(item.receivedAt, now)}
            </time>
            <span aria-hidden="true"> · </span>
            <span>{formatLength(item.durationMs)}</span>
          </span>
        </div>
        <span className={`voicemail-state ${item.heard ? 'heard' : 'new'}`}>
          {item.heard ? t('voicemail.heard') : t('voicemail.new')}
        </span>
      </div>
      <div className="voicemail-player">
        <button
          type="button"
          className={`play-button${playing ? ' playing' : ''}`}
          aria-label={playing ? t('player.pause') : t('voicemail.play', { name })}
          aria-busy={loading || undefined}
          onClick={onToggle}
        >
          <Icon name={playing ? 'pause' : 'play'} size={22} />
        </button>
        <Waveform
          peaks={peaks}
          position={position}
          duration={duration}
          label={t('voicemail.position', { name })}
          onSeek={onSeek}
        />
        <span className="voicemail-clock" aria-hidden="true">
          {mine && player.status !== 'idle' ? formatLength(position * 1000) : formatLength(item.durationMs)}
        </span>
        <button
          type="button"
          className="icon-button quiet"
          aria-label={t('voicemail.delete', { name })}
          onClick={onDelete}
        >
          <Icon name="delete" />
        </button>
      </div>
      {mine && player.status === 'error' && player.error && (
        <p className="inline-error" role="alert">
          {player.error}
        </p>
      )}
    </li>
  );
}
