/**
 * The rate table (`PARLEY_RATES_FILE`): a CSV with the header
 * `prefix,destination,rate_per_minute,currency,connect_fee,increment_seconds[,blocked]`, one row per
 * E.164 prefix (digits after `+`, e.g. `4420`). A number takes the row of its LONGEST matching prefix;
 * a number no row matches is unrated (refused). `blocked` (`yes`/`no`, optional) refuses a prefix
 * outright, e.g. premium ranges (`1900`, `449`). One currency per file (spend caps add costs up).
 * Fields may be double-quoted (RFC 4180) when they hold a comma.
 */
import fs from 'node:fs';
import { parseMoney, type Tariff } from './money.js';

export interface Rate extends Tariff {
  /** Digits after `+`. */
  readonly prefix: string;
  readonly destination: string;
  /** As written in the file, e.g. `"0.02"`. */
  readonly ratePerMinute: string;
  readonly connectFee: string;
  readonly currency: string;
  readonly blocked: boolean;
}

export interface RateTable {
  readonly currency: string;
  readonly size: number;
  /** The row of the longest prefix of `e164` (`+442079460018` → `4420`), if any. */
  lookup(e164: string): Rate | undefined;
}

/** A rate file that cannot be used; `message` is one line naming the line and field. */
export class RatesError extends Error {
  override readonly name = 'RatesError';
}

const HEADER = ['prefix', 'destination', 'rate_per_minute', 'currency', 'connect_fee', 'increment_seconds'];

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** @throws RatesError naming the line and column. */
export function parseRates(text: string, source = 'rates file'): RateTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = cells(lines[0] ?? '').map((h) => h.toLowerCase());
  const withBlocked = header.length === 7 && header[6] === 'blocked';
  if (HEADER.some((h, i) => header[i] !== h) || (header.length !== 6 && !withBlocked)) {
    throw new RatesError(`${source}: line 1 must be the header ${HEADER.join(',')}[,blocked]`);
  }
  const byPrefix = new Map<string, Rate>();
  let currency: string | undefined;
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n] ?? '';
    if (line.trim() === '' || line.startsWith('#')) continue;
    const where = `${source}: line ${n + 1}`;
    const row = cells(line);
    if (row.length !== header.length) {
      throw new RatesError(`${where}: expected ${header.length} fields, found ${row.length}`);
    }
    const [prefixRaw, destination, rate, cur, fee, increment, blockedRaw] = row as [
      string,
      string,
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    const prefix = prefixRaw.replace(/^\+/, '');
    if (!/^[1-9]\d{0,14}$/.test(prefix)) throw new RatesError(`${where}: prefix must be E.164 digits`);
    if (destination === '') throw new RatesError(`${where}: destination must not be empty`);
    const rateMicros = parseMoney(rate);
    if (rateMicros === undefined) throw new RatesError(`${where}: rate_per_minute must be a decimal`);
    if (!/^[A-Z]{3}$/.test(cur)) throw new RatesError(`${where}: currency must be an ISO 4217 code`);
    if (currency !== undefined && cur !== currency) {
      throw new RatesError(`${where}: currency ${cur} differs from ${currency} (one currency per file)`);
    }
    currency = cur;
    const feeMicros = parseMoney(fee);
    if (feeMicros === undefined) throw new RatesError(`${where}: connect_fee must be a decimal`);
    if (!/^\d{1,4}$/.test(increment) || Number(increment) < 1) {
      throw new RatesError(`${where}: increment_seconds must be an integer from 1 to 9999`);
    }
    const blocked = (blockedRaw ?? '').toLowerCase();
    if (!['', 'yes', 'no', 'true', 'false'].includes(blocked)) {
      throw new RatesError(`${where}: blocked must be yes or no`);
    }
    if (byPrefix.has(prefix)) throw new RatesError(`${where}: prefix ${prefix} is listed twice`);
    byPrefix.set(prefix, {
      prefix,
      destination,
      ratePerMinute: rate,
      connectFee: fee,
      currency: cur,
      ratePerMinuteMicros: rateMicros,
      connectFeeMicros: feeMicros,
      incrementSeconds: Number(increment),
      blocked: blocked === 'yes' || blocked === 'true',
    });
  }
  return {
    currency: currency ?? 'EUR',
    size: byPrefix.size,
    lookup(e164) {
      const digits = e164.replace(/^\+/, '');
      for (let len = Math.min(digits.length, 15); len > 0; len--) {
        const rate = byPrefix.get(digits.slice(0, len));
        if (rate) return rate;
      }
      return undefined;
    },
  };
}

/** No rates file: every destination is unrated, hence refused. */
export const NO_RATES: RateTable = { currency: 'EUR', size: 0, lookup: () => undefined };

/** Reads `PARLEY_RATES_FILE`. @throws RatesError (one line). */
export function loadRatesFile(file: string): RateTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new RatesError(
      `rates file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return parseRates(text);
}
