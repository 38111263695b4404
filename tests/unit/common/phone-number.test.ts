import { describe, expect, it } from 'vitest';
import {
  e164FromSipUser,
  formatForPeople,
  formatInternational,
  isE164,
  looksLikePhoneNumber,
  toE164,
} from '../../../common/phone-number.js';

describe('phone numbers: any common form → E.164', () => {
  it.each([
    ['+44 20 7946 0018', undefined],
    ['+442079460018', undefined],
    ['(+44) 20-7946-0018', 'US'],
    ['020 7946 0018', 'GB'],
    ['0044 20 7946 0018', 'US'],
    ['0044 20 7946 0018', 'GB'],
    ['011 44 20 7946 0018', 'US'],
    ['tel:+44-20-7946-0018', undefined],
    ['tel:+442079460018;phone-context=example.com', 'US'],
    ['sip:+442079460018@parley.example;user=phone', undefined],
    ['+442079460018', 'US'],
  ])('%s (home %s) → +442079460018', (input, home) => {
    expect(toE164(input, home)).toBe('+442079460018');
  });

  it('reads national numbers with the home country', () => {
    expect(toE164('(202) 555-0123', 'US')).toBe('+12025550123');
    expect(toE164('202.555.0123', 'us')).toBe('+12025550123');
  });

  it('refuses what is not a phone number', () => {
    expect(toE164('alice')).toBeUndefined();
    expect(toE164('020 7946 0018')).toBeUndefined(); // national, but no home country
    expect(toE164('+44 12')).toBeUndefined(); // too short for the UK
    expect(toE164('+44 20 7946 0018 999 999')).toBeUndefined();
    expect(toE164('tel:')).toBeUndefined();
    expect(toE164('sip:alice@parley.example')).toBeUndefined();
  });

  it('tells phone-number entries from usernames in the dial box', () => {
    expect(looksLikePhoneNumber('+44 20')).toBe(true);
    expect(looksLikePhoneNumber('020 7946')).toBe(true);
    expect(looksLikePhoneNumber('tel:+1')).toBe(true);
    expect(looksLikePhoneNumber('alice')).toBe(false);
    expect(looksLikePhoneNumber('bob2')).toBe(false);
    expect(looksLikePhoneNumber('12')).toBe(false);
  });

  it('checks E.164 syntax and reads SIP user parts', () => {
    expect(isE164('+15550100')).toBe(true);
    expect(isE164('+0123')).toBe(false);
    expect(isE164('15550100')).toBe(false);
    expect(e164FromSipUser('sip:+442079460018@x;user=phone')).toBe('+442079460018');
    expect(e164FromSipUser('+442079460018')).toBe('+442079460018');
    expect(e164FromSipUser('sip:alice@x')).toBeUndefined();
  });
});

describe('phone numbers: formatted for people', () => {
  it('nationally at home, internationally elsewhere', () => {
    expect(formatForPeople('+442079460018', 'GB')).toBe('020 7946 0018');
    expect(formatForPeople('+442079460018', 'US')).toBe('+44 20 7946 0018');
    expect(formatForPeople('+12025550123', 'US')).toBe('(202) 555-0123');
    expect(formatInternational('+12025550123')).toBe('+1 202 555 0123');
  });

  it('leaves what it cannot read as it is', () => {
    expect(formatForPeople('+15550100', 'US')).toBe('+1 5550100');
    expect(formatForPeople('garbage')).toBe('garbage');
  });
});
