/**
 * Money without floating point: amounts are integers of micro-units (10⁻⁶ of the currency unit), read
 * from and written as decimal strings ("0.02" ⇄ 20 000). A rate of 0.0125/min is exact; a cost is
 * rounded up to the next micro-unit only when a per-second share is not whole.
 */

/** Micro-units per currency unit. */
export const MICROS = 1_000_000;

/** The largest amount accepted (a billion units): far below `Number.MAX_SAFE_INTEGER` in micro-units. */
const MAX_UNITS = 1_000_000_000;

/** `"0.02"` → 20000; `undefined` when not a non-negative decimal with at most 6 decimals. */
export function parseMoney(text: string): number | undefined {
  const m = /^(\d{1,10})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return undefined;
  const units = Number(m[1]);
  if (units > MAX_UNITS) return undefined;
  const fraction = Number((m[2] ?? '').padEnd(6, '0'));
  return units * MICROS + fraction;
}

/** 40000 → `"0.04"`: at least two decimals, more only when they are not zero (`"0.0125"`). */
export function formatMoney(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const units = Math.floor(abs / MICROS);
  const fraction = String(abs % MICROS)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}${units}.${fraction}`;
}

export interface Tariff {
  readonly ratePerMinuteMicros: number;
  readonly connectFeeMicros: number;
  readonly incrementSeconds: number;
}

/**
 * What a call costs: nothing when unanswered; otherwise the connect fee plus the talk time rounded up
 * to whole increments, at the rate per minute:
 * `connect + ceil(seconds / increment) · increment · rate / 60` (a 65 s call at 0.02/min in 60 s
 * increments bills 120 s = 0.04). Talk time is counted in whole seconds, rounded up.
 */
export function bill(tariff: Tariff, talkMs: number): { billedSeconds: number; costMicros: number } {
  if (talkMs <= 0) return { billedSeconds: 0, costMicros: 0 };
  const seconds = Math.ceil(talkMs / 1000);
  const increment = Math.max(1, tariff.incrementSeconds);
  const billedSeconds = Math.ceil(seconds / increment) * increment;
  const talk = Math.ceil((billedSeconds * tariff.ratePerMinuteMicros) / 60);
  return { billedSeconds, costMicros: tariff.connectFeeMicros + talk };
}

/**
 * How many seconds of talk `budgetMicros` pays for (after the connect fee), in whole increments.
 * `Infinity` when the rate is zero.
 */
export function affordableSeconds(tariff: Tariff, budgetMicros: number): number {
  const left = budgetMicros - tariff.connectFeeMicros;
  if (left < 0) return 0;
  if (tariff.ratePerMinuteMicros === 0) return Infinity;
  const increment = Math.max(1, tariff.incrementSeconds);
  const seconds = Math.floor((left * 60) / tariff.ratePerMinuteMicros);
  return Math.floor(seconds / increment) * increment;
}
