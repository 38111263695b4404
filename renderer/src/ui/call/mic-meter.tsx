import { useRef } from 'react';
import type { CSSProperties } from 'react';
import { useMicLevel } from './use-mic-level.js';
import { useT } from '../../i18n/use-t.js';

const BARS = 12;

/** A row of bars that light up with your voice; flat while muted. */
export function MicMeter({ active, muted }: { active: boolean; muted: boolean }) {
  const t = useT();
  const bars = useRef<HTMLSpanElement>(null);
  useMicLevel(active, (level) => {
    const element = bars.current;
    if (!element) return;
    const lit = muted ? 0 : Math.round(level * BARS);
    element.dataset.level = String(lit);
    element.childNodes.forEach((node, index) => {
      (node as HTMLElement).classList.toggle('lit', index < lit);
    });
  });
  return (
    <div className="mic-meter">
      <span className="mic-meter-label">{muted ? t('meter.micMuted') : t('meter.mic')}</span>
      <span className="mic-meter-bars" ref={bars} aria-hidden="true" data-level="0">
        {Array.from({ length: BARS }, (_, index) => (
          <span key={index} className="mic-meter-bar" style={{ '--step': index } as CSSProperties} />
        ))}
      </span>
    </div>
  );
}
