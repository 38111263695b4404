/**
 * "Recordings": the user's recorded calls (issue 16 item 4), newest first, each playable with the
 * voicemail player (use-voicemail-player.ts + waveform.tsx) and deletable. Shown once there is something
 * to show (a recording, or one being saved), and in the desktop app where recording is allowed, with the
 * folder recordings are saved in and "Choose folder…".
 */
import { formatLength, formatReceived } from '../../voicemail/voicemail-format.js';
import type { RecordingEntry } from '../../../../common/recording-types.js';
import { Icon } from '../shared/icons.js';
import { useVoicemailPlayer, type PlayerState } from '../voicemail/use-voicemail-player.js';
import { Waveform } from '../voicemail/waveform.js';
import { useRecordings, useRecordingsController } from './recordings-context.js';
import type { RecordingsController } from '../../recordings/recordings-controller.js';
import './recordings.css';
import { useT } from '../../i18n/use-t.js';

function peerLabel(entry: RecordingEntry): string {
  return entry.peerName?.trim() || entry.peerUri.replace(/^sips?:/, '');
}

function RecordingRow({
  entry,
  player,
  peaks,
  onToggle,
  onSeek,
  onDelete,
}: {
  entry: RecordingEntry;
  player: PlayerState;
  peaks: readonly number[];
  onToggle: () => void;
  onSeek: (seconds: number) => void;
  onDelete: () => void;
}) {
  const t = useT();
  const name = peerLabel(entry);
  const mine = player.id === entry.id;
  const playing = mine && player.status === 'playing';
  const duration = mine && player.duration > 0 ? player.duration : entry.durationMs / 1000;
  const position = mine ? player.position : 0;
  return (
    <li className="voicemail-row" data-recording-id={entry.id}>
      <div className="voicemail-head">
        <div className="voicemail-who">
          <span className="voicemail-caller">{t('recordings.callWith', { name })}</span>
          <span className="voicemail-meta">
            <time dateTime={new Date(entry.startedAt).toISOString()}>{formatReceived(entry.startedAt)}</time>
            <span aria-hidden="true"> · </span>
            <span>{formatLength(entry.durationMs)}</span>
          </span>
        </div>
      </div>
      <div className="voicemail-player">
        <button
          type="button"
          className={`play-button${playing ? ' playing' : ''}`}
          aria-label={playing ? t('player.pause') : t('recordings.play', { name })}
          aria-busy={(mine && player.status === 'loading') || undefined}
          onClick={onToggle}
        >
          <Icon name={playing ? 'pause' : 'play'} size={22} />
        </button>
        <Waveform
          peaks={peaks}
          position={position}
          duration={duration}
          label={t('recordings.position', { name })}
          onSeek={onSeek}
        />
        <button
          type="button"
          className="icon-button quiet"
          aria-label={t('recordings.delete', { name })}
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

function RecordingsList({ controller }: { controller: RecordingsController }) {
  const t = useT();
  const snapshot = useRecordings();
  const player = useVoicemailPlayer(controller);
  const desktop = snapshot.folder !== undefined && snapshot.policy === 'allowed';
  if (snapshot.recordings.length === 0 && !snapshot.saving && !snapshot.notice && !desktop) return null;
  return (
    <section className="card recordings" aria-labelledby="recordings-heading">
      <h2 id="recordings-heading">{t('recordings.heading')}</h2>
      {desktop && (
        <p className="recordings-folder">
          {snapshot.folder
            ? t('recordings.savedIn', { folder: snapshot.folder })
            : t('recordings.savedOnService')}{' '}
          <button type="button" className="button" onClick={() => void controller.chooseFolder()}>
            {t('recordings.chooseFolder')}
          </button>
        </p>
      )}
      {snapshot.saving && <p role="status">{t('recordings.saving')}</p>}
      {snapshot.notice && (
        <p className="inline-error" role="alert">
          {snapshot.notice}
        </p>
      )}
      <ul aria-label={t('recordings.list')}>
        {snapshot.recordings.map((entry) => (
          <RecordingRow
            key={entry.id}
            entry={entry}
            player={player.state}
            peaks={entry.peaks.length > 0 ? entry.peaks : (player.measuredPeaks[entry.id] ?? [])}
            onToggle={() => player.toggle(entry)}
            onSeek={(seconds) => player.seek(entry, seconds)}
            onDelete={() => {
              if (player.state.id === entry.id) player.stop();
              void controller.remove(entry.id);
            }}
          />
        ))}
      </ul>
      <audio ref={player.audioRef} className="recording-audio" preload="none" />
    </section>
  );
}

export function RecordingsSection() {
  const controller = useRecordingsController();
  return controller ? <RecordingsList controller={controller} /> : null;
}
