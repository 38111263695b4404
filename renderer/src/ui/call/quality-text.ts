/**
 * Words and numbers for the call-quality indicator: pure, so every string is unit-tested.
 */
import type { CallQuality } from '../../engine/phone-engine-contract.js';

/** The indicator's accessible name: "Call quality: good" (or "measuring" before the first reading). */
export function qualityLabel(quality: CallQuality | undefined): string {
  return `Call quality: ${quality?.level ?? 'measuring'}`;
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
  if (!quality) return 'Measuring call quality…';
  const parts: string[] = [];
  if (quality.rttMs !== undefined) parts.push(`Round trip ${quality.rttMs} ms`);
  if (quality.jitterMs !== undefined) parts.push(`Jitter ${quality.jitterMs} ms`);
  if (quality.lossPercent !== undefined) parts.push(`Loss ${quality.lossPercent} %`);
  if (quality.mos !== undefined) parts.push(`MOS ${quality.mos.toFixed(1)}`);
  return parts.length > 0 ? parts.join(' · ') : `Call quality: ${quality.level}`;
}
