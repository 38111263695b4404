/**
 * How voicemails read on screen and to screen readers: caller names, lengths ("0:42"), times
 * ("Today 14:05"), the badge's accessible name ("Voicemail, 2 new"). Pure, so unit-tested.
 */
import { clockLength, formatWhen, spokenSeconds } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import type { VoicemailItem } from './voicemail-source.js';

/** The caller as a person reads it: display name, else username, else the SIP URI's user part. */
export function callerName(item: Pick<VoicemailItem, 'caller'>): string {
  const { displayName, username, uri } = item.caller;
  const shown = displayName?.trim() || username?.trim();
  if (shown) return shown;
  const match = /^sips?:([^@;>]+)@?/i.exec(uri ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : t('voicemail.unknownCaller');
}

/** `m:ss` (or `h:mm:ss`), rounding to the nearest second; a non-zero length shows at least 0:01. */
export function formatLength(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  let total = Math.round(safe / 1000);
  if (total === 0 && safe > 0) total = 1;
  return clockLength(total);
}

/** A length for screen readers: "42 seconds", "1 minute 5 seconds". */
export function spokenLength(ms: number): string {
  const total = Math.max(ms > 0 ? 1 : 0, Math.round((Number.isFinite(ms) ? Math.max(ms, 0) : 0) / 1000));
  return spokenSeconds(total);
}

/**
 * When it was left: "Just now", "Today 14:05", "Yesterday 09:12", "Mon 3 Mar 14:05" (this year),
 * "3 Mar 2024 14:05", in the current language.
 */
export function formatReceived(at: number, now: number = Date.now()): string {
  return formatWhen(at, now);
}

/** The Voicemail tab's accessible name: "Voicemail", "Voicemail, 1 new", "Voicemail, 2 new". */
export function voicemailTabLabel(newCount: number): string {
  return newCount > 0 ? t('voicemail.tabNew', { count: newCount }) : t('voicemail.tab');
}

/** The badge text: the count, capped at "99+". */
export function badgeText(newCount: number): string {
  return newCount > 99 ? '99+' : String(newCount);
}

/** A row's description for screen readers: "New voicemail from Alice, 42 seconds, Today 14:05". */
export function rowSummary(item: VoicemailItem, now: number = Date.now()): string {
  return t(item.heard ? 'voicemail.rowSummary' : 'voicemail.rowSummaryNew', {
    name: callerName(item),
    length: spokenLength(item.durationMs),
    when: formatReceived(item.receivedAt, now),
  });
}

/**
 * Resamples peak levels (0..1) to `bars` values for drawing: max within each bucket, clamped; an empty
 * input gives a low flat line so the row keeps its shape.
 */
export function resamplePeaks(peaks: readonly number[], bars: number): number[] {
  if (bars <= 0) return [];
  const clean = peaks.map((p) => (Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0));
  if (clean.length === 0) return new Array<number>(bars).fill(0.06);
  const out: number[] = [];
  for (let i = 0; i < bars; i++) {
    const start = Math.floor((i * clean.length) / bars);
    const end = Math.max(start + 1, Math.floor(((i + 1) * clean.length) / bars));
    let max = 0;
    for (let j = start; j < end && j < clean.length; j++) max = Math.max(max, clean[j]!);
    out.push(max);
  }
  return out;
}
