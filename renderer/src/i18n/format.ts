/**
 * Numbers, prices, times and lengths in the current language's formats (Intl through the current
 * `IntlShape`): "0,02 €" in de-DE, "€0.02" in en, "14:05" or "2:05 PM". Lengths keep the clock form
 * ("1:05") every locale reads, and say units in words for screen readers.
 */
import { currentIntl, t } from './i18n.js';

/** A price in the locale's currency format, keeping up to 4 decimals ("0,0125 €"); as given when unknown. */
export function formatPrice(amount: string | number, currency: string): string {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  try {
    return currentIntl().formatNumber(n, { style: 'currency', currency, maximumFractionDigits: 4 });
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A per-minute rate: "0,02 €/Min." */
export function formatRate(amount: string | number, currency: string): string {
  return t('format.perMinute', { price: formatPrice(amount, currency) });
}

/** A whole number with the locale's grouping ("1.000"). */
export function formatCount(n: number): string {
  return currentIntl().formatNumber(n);
}

/** The time of day: "14:05" (de, en-GB) or "2:05 PM" (en-US). */
export function formatTimeOfDay(at: Date | number): string {
  return currentIntl().formatTime(at, { hour: '2-digit', minute: '2-digit' });
}

/** A date: "Mo., 3. März" this year (with weekday), "3. März 2024" otherwise. */
export function formatDay(at: Date, thisYear: boolean): string {
  return currentIntl().formatDate(
    at,
    thisYear
      ? { weekday: 'short', day: 'numeric', month: 'short' }
      : { day: 'numeric', month: 'short', year: 'numeric' },
  );
}

/** A date and time, long enough to stand alone: "3. März 2024, 14:05". */
export function formatDateTime(at: Date | number): string {
  return currentIntl().formatDate(at, { dateStyle: 'medium', timeStyle: 'short' });
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * When something happened, for lists: "Just now", "Today 14:05", "Yesterday 09:12", "Mon 3 Mar 14:05"
 * (this year), "3 Mar 2024 14:05".
 */
export function formatWhen(at: number, now: number): string {
  const when = new Date(at);
  const today = new Date(now);
  if (now - at >= 0 && now - at < 60_000) return t('format.justNow');
  const time = formatTimeOfDay(when);
  if (sameDay(when, today)) return t('format.todayAt', { time });
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (sameDay(when, yesterday)) return t('format.yesterdayAt', { time });
  return t('format.dayAt', { day: formatDay(when, when.getFullYear() === today.getFullYear()), time });
}

/** `m:ss` (or `h:mm:ss`) from whole seconds. */
export function clockLength(totalSeconds: number): string {
  const total = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A length for screen readers: "42 seconds", "1 minute 5 seconds" (ICU plurals per language). */
export function spokenSeconds(totalSeconds: number): string {
  const total = Math.max(0, Math.round(totalSeconds));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes === 0) return t('format.seconds', { seconds });
  if (seconds === 0) return t('format.minutes', { minutes });
  return t('format.minutesSeconds', { minutes, seconds });
}

/** A number with the locale's decimal mark and grouping ("4,2"). */
export function formatNumber(
  n: number,
  options?: { minimumFractionDigits?: number; maximumFractionDigits?: number },
): string {
  return currentIntl().formatNumber(n, options);
}
