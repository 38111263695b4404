import type { CallQuality } from '../../engine/phone-engine-contract.js';
import './call-quality.css';
import { qualityBars, qualityDetails, qualityLabel } from './quality-text.js';

const BARS = 3;

/**
 * Signal bars for the call's quality (three lit: good, two: fair, one: poor). One image to assistive
 * technology, named "Call quality: good"; the numbers behind it are in the tooltip. Not a live region:
 * a change every 2 s would flood a screen reader.
 */
export function CallQualityIndicator({ quality }: { quality: CallQuality | undefined }) {
  const lit = qualityBars(quality);
  const details = qualityDetails(quality);
  return (
    <span
      className={`quality-bars level-${quality?.level ?? 'measuring'}`}
      role="img"
      aria-label={qualityLabel(quality)}
      aria-description={details}
      title={details}
      data-bars={lit}
    >
      {Array.from({ length: BARS }, (_, index) => (
        <span key={index} className={`quality-bar ${index < lit ? 'lit' : ''}`} />
      ))}
    </span>
  );
}
