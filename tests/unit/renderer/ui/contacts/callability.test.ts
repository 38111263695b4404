/**
 * When a contact's number may be dialled and what its Call button says (renderer/src/ui/contacts):
 * allowed only with a quote that allows it, otherwise disabled with the reason.
 */
import { describe, expect, it } from 'vitest';
import type { ContactPhoneNumber } from '../../../../../common/contact-types.js';
import type { PstnQuoteResponse } from '../../../../../common/pstn-types.js';
import { callability } from '../../../../../renderer/src/ui/contacts/contact-number-call.js';

const e164: ContactPhoneNumber = { type: 'mobile', number: '+442079460018', valid: true };
const quote = (allowed: boolean, reason?: string): PstnQuoteResponse => ({
  e164: '+442079460018',
  destination: 'United Kingdom – London',
  ratePerMinute: '0.02',
  currency: 'EUR',
  connectFee: '0.00',
  incrementSeconds: 60,
  allowed,
  ...(reason ? { reason, code: 'pstn_not_permitted' as const } : {}),
});

describe('callability', () => {
  it('allows a number the quote allows, with its price', () => {
    expect(callability(e164, { status: 'ready', quote: quote(true) })).toEqual({
      allowed: true,
      text: 'Charges may apply: United Kingdom – London, €0.02/min',
    });
  });

  it('refuses with the reason otherwise', () => {
    const refused = {
      status: 'ready',
      quote: quote(false, 'You have no permission to call phones'),
    } as const;
    expect(callability(e164, refused)).toEqual({
      allowed: false,
      text: 'You have no permission to call phones',
    });
    expect(callability(e164, { status: 'unavailable' })).toEqual({
      allowed: false,
      text: 'Phone calls are not available on this service',
    });
    expect(callability(e164, { status: 'pending' }).allowed).toBe(false);
    expect(callability(e164, { status: 'error', message: 'Offline.' }).text).toBe(
      'Could not check the price. Offline.',
    );
    const typed: ContactPhoneNumber = { type: 'work', number: 'ext. 42', valid: false };
    expect(callability(typed, { status: 'ready', quote: quote(true) })).toEqual({
      allowed: false,
      text: 'Not a phone number that can be dialled',
    });
  });
});
