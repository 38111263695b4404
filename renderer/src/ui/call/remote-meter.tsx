import { useRef } from 'react';
import type { CSSProperties } from 'react';
import { useRemoteLevel } from './use-remote-level.js';
import { useT } from '../../i18n/use-t.js';

const BARS = 12;

/** A row of bars that light up with the other person's voice (next to "Your microphone"). */
export function RemoteMeter({ active, name }: { active: boolean; name: string }) {
  const t = useT();
  const bars = useRef<HTMLSpanElement>(null);
  useRemoteLevel(active, (level) => {
    const element = bars.current;
    if (!element) return;
    const lit = Math.round(level * BARS);
    if (element.dataset.level === String(lit)) return;
    element.dataset.level = String(lit);
    element.childNodes.forEach((node, index) => {
      (node as HTMLElement).classList.toggle('lit', index < lit);
    });
  });
  return (
    <div className="remote-meter">
      <span className="remote-meter-label">{t('meter.remote', { name })}</span>
      <span className="remote-meter-bars" ref={bars} aria-hidden="true" data-level="0">
        {Array.from({ length: BARS }, (_, index) => (
          <span key={index} className="remote-meter-bar" style={{ '--step': index } as CSSProperties} />
        ))}
      </span>
    </div>
  );
}
