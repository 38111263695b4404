/**
 * Words and numbers for the call-quality indicator: pure, so every string is unit-tested.
 */
import type { CallQuality } from '../../engine/phone-engine-contract.js';
import { t } from '../../i18n/i18n.js';

/** The indicator's accessible name: "Call quality: good" (or "measuring" before the first reading). */
export function qualityLabel(quality: CallQuality | undefined): string {
  return t('quality.label', { level: quality?.level ?? 'measuring' });
}

/** How many of the three bars are lit. */
export function qualityBars(quality: CallQuality | undefined): number {
  switch (quality?.level) {
    case 'good':
      return 3;
    case 'fair':
      return 2;
    case 'poor':
      return 1;
    default:
      return 0;
  }
}

/** The tooltip: the numbers behind the level, e.g. "Round trip 12 ms · Jitter 3.1 ms · Loss 0 % · MOS 4.4". */
export function qualityDetails(quality: CallQuality | undefined): string {
  if (!quality) return t('quality.measuring');
  const parts: string[] = [];
  if (quality.rttMs !== undefined) parts.push(t('quality.rtt', { ms: quality.rttMs }));
  if (quality.jitterMs !== undefined) parts.push(t('quality.jitter', { ms: quality.jitterMs }));
  if (quality.lossPercent !== undefined) parts.push(t('quality.loss', { percent: quality.lossPercent }));
  if (quality.mos !== undefined) parts.push(t('quality.mos', { mos: quality.mos }));
  return parts.length > 0 ? parts.join(' · ') : qualityLabel(quality);
}
