/**
 * A voicemail's waveform drawn from its peak levels (SVG bars), the played part in the accent colour.
 * A transparent range input lies on top: click or drag to seek, arrow keys for ±5 s (native slider
 * semantics for screen readers, with "0:12 of 0:42" as its value text).
 */
import type { CSSProperties } from 'react';
import { formatLength, resamplePeaks } from '../../voicemail/voicemail-format.js';
import { useT } from '../../i18n/use-t.js';

const BARS = 48;
const HEIGHT = 32;
const STEP = 4;

export function Waveform({
  peaks,
  position,
  duration,
  label,
  onSeek,
}: {
  peaks: readonly number[];
  /** Seconds. */
  position: number;
  /** Seconds. */
  duration: number;
  /** Accessible name of the seek slider, e.g. "Position in voicemail from Alice". */
  label: string;
  onSeek: (seconds: number) => void;
}) {
  const t = useT();
  const bars = resamplePeaks(peaks, BARS);
  const progress = duration > 0 ? Math.min(1, Math.max(0, position / duration)) : 0;
  const played = progress * BARS;
  const max = Math.max(duration, 0.1);
  return (
    <div className="waveform" style={{ '--progress': progress } as CSSProperties}>
      <svg
        viewBox={`0 0 ${BARS * STEP} ${HEIGHT}`}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {bars.map((peak, i) => {
          const h = Math.max(2, peak * (HEIGHT - 2));
          return (
            <rect
              key={i}
              x={i * STEP + 0.5}
              y={(HEIGHT - h) / 2}
              width={STEP - 1.5}
              height={h}
              rx={1.2}
              className={i < played ? 'bar played' : 'bar'}
            />
          );
        })}
      </svg>
      <input
        type="range"
        className="waveform-seek"
        min={0}
        max={max}
        step={0.1}
        value={Math.min(position, max)}
        aria-label={label}
        aria-valuetext={t('player.positionOf', {
          position: formatLength(position * 1000),
          duration: formatLength(duration * 1000),
        })}
        onChange={(event) => onSeek(Number(event.currentTarget.value))}
        onKeyDown={(event) => {
          // ±5 s per arrow press: the native step (0.1 s) is too fine for the keyboard.
          const delta = { ArrowRight: 5, ArrowUp: 5, ArrowLeft: -5, ArrowDown: -5 }[event.key];
          if (delta === undefined) return;
          event.preventDefault();
          onSeek(Math.min(max, Math.max(0, position + delta)));
        }}
      />
    </div>
  );
}
