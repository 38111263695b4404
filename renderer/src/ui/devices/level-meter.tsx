import { useRef } from 'react';
import type { CSSProperties } from 'react';
import { useMicLevel } from '../call/use-mic-level.js';
import { useT } from '../../i18n/use-t.js';

const BARS = 16;

/**
 * The chosen microphone's level while the dialog is open: a row of bars, and a `meter` for assistive
 * technology (its value is updated in place about 30 times a second, without re-rendering React).
 */
export function MicLevelMeter({ deviceId, active }: { deviceId: string | undefined; active: boolean }) {
  const t = useT();
  const meter = useRef<HTMLDivElement>(null);
  useMicLevel(
    active,
    (level) => {
      const element = meter.current;
      if (!element) return;
      const lit = Math.round(level * BARS);
      element.setAttribute('aria-valuenow', String(Math.round(level * 100)));
      element.dataset.level = String(lit);
      element.childNodes.forEach((node, index) => (node as HTMLElement).classList.toggle('lit', index < lit));
    },
    deviceId,
  );
  return (
    <div
      ref={meter}
      className="level-meter"
      role="meter"
      aria-label={t('audio.micLevel')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
      data-level="0"
    >
      {Array.from({ length: BARS }, (_, index) => (
        <span key={index} className="level-meter-bar" style={{ '--step': index } as CSSProperties} />
      ))}
    </div>
  );
}
