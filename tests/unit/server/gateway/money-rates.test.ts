import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { affordableSeconds, bill, formatMoney, parseMoney } from '../../../../server/src/gateway/money.js';
import { loadRatesFile, parseRates } from '../../../../server/src/gateway/rates.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../../deploy/rates.example.csv');
const london = { ratePerMinuteMicros: 20_000, connectFeeMicros: 0, incrementSeconds: 60 };

describe('money in integer micro-units', () => {
  it('reads and writes decimal strings exactly', () => {
    expect(parseMoney('0.02')).toBe(20_000);
    expect(parseMoney('5')).toBe(5_000_000);
    expect(parseMoney('0.0125')).toBe(12_500);
    expect(parseMoney('-1')).toBeUndefined();
    expect(parseMoney('1e3')).toBeUndefined();
    expect(parseMoney('0.1234567')).toBeUndefined();
    expect(formatMoney(40_000)).toBe('0.04');
    expect(formatMoney(5_000_000)).toBe('5.00');
    expect(formatMoney(12_500)).toBe('0.0125');
    // 0.1 + 0.2 would be 0.30000000000000004 in floating point.
    expect(formatMoney(parseMoney('0.1')! + parseMoney('0.2')!)).toBe('0.30');
  });
});

describe('billing: connect fee + ceil(duration / increment) · increment · rate / 60', () => {
  it('bills a 65 s call at 0.02/min in 60 s increments 0.04', () => {
    const { billedSeconds, costMicros } = bill(london, 65_000);
    expect(billedSeconds).toBe(120);
    expect(formatMoney(costMicros)).toBe('0.04');
  });

  it('adds the connect fee, bills per second increments, and nothing when unanswered', () => {
    const perSecond = { ratePerMinuteMicros: 60_000, connectFeeMicros: 100_000, incrementSeconds: 1 };
    expect(bill(perSecond, 10_400)).toEqual({ billedSeconds: 11, costMicros: 111_000 });
    expect(bill(london, 60_000)).toEqual({ billedSeconds: 60, costMicros: 20_000 });
    expect(bill(london, 0)).toEqual({ billedSeconds: 0, costMicros: 0 });
  });

  it('says how long a budget lasts, in whole increments', () => {
    expect(affordableSeconds(london, 50_000)).toBe(120);
    expect(affordableSeconds(london, 19_999)).toBe(0);
    expect(affordableSeconds({ ...london, ratePerMinuteMicros: 0 }, 0)).toBe(Infinity);
  });
});

describe('rates CSV: longest-prefix match on E.164', () => {
  it('matches the longest prefix of the shipped example', () => {
    const rates = loadRatesFile(EXAMPLE);
    expect(rates.lookup('+442079460018')).toMatchObject({
      prefix: '4420',
      destination: 'United Kingdom – London',
      ratePerMinute: '0.02',
      currency: 'EUR',
      blocked: false,
    });
    expect(rates.lookup('+441619460018')?.destination).toBe('United Kingdom');
    expect(rates.lookup('+19005550123')).toMatchObject({ prefix: '1900', blocked: true });
    expect(rates.lookup('+12025550123')?.destination).toBe('United States');
    expect(rates.lookup('+81312345678')).toBeUndefined();
  });

  it('accepts the six-column header and quoted fields', () => {
    const rates = parseRates(
      'prefix,destination,rate_per_minute,currency,connect_fee,increment_seconds\n' +
        '+33,"France, fixed",0.02,EUR,0.01,30\n',
    );
    expect(rates.lookup('+33123456789')).toMatchObject({
      destination: 'France, fixed',
      incrementSeconds: 30,
      blocked: false,
    });
  });

  it.each([
    ['prefix,destination\n', 'rates file: line 1 must be the header'],
    [
      'prefix,destination,rate_per_minute,currency,connect_fee,increment_seconds\n44,UK,abc,EUR,0,60',
      'rates file: line 2: rate_per_minute must be a decimal',
    ],
    [
      'prefix,destination,rate_per_minute,currency,connect_fee,increment_seconds\n44,UK,0.1,EUR,0,60\n1,US,0.1,USD,0,60',
      'rates file: line 3: currency USD differs from EUR',
    ],
    [
      'prefix,destination,rate_per_minute,currency,connect_fee,increment_seconds\nx4,UK,0.1,EUR,0,60',
      'rates file: line 2: prefix must be E.164 digits',
    ],
    [
      'prefix,destination,rate_per_minute,currency,connect_fee,increment_seconds\n44,UK,0.1,EUR,0,0',
      'rates file: line 2: increment_seconds must be',
    ],
  ])('refuses a bad file with one line naming the place', (text, message) => {
    expect(() => parseRates(text)).toThrow(message);
    try {
      parseRates(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('the example file exists for operators to copy', () => {
    expect(fs.readFileSync(EXAMPLE, 'utf8')).toContain('4420,United Kingdom – London,0.02,EUR');
  });
});
