import { describe, expect, it } from 'vitest';
import { endReasonText, peerHandle } from '../../../../renderer/src/app/call-text.js';
import { chargesText } from '../../../../renderer/src/app/pstn-client.js';
import { serviceRefusal } from '../../../../renderer/src/engine/call-outcome.js';
import { parseCallTarget, peerFromUri } from '../../../../renderer/src/engine/call-target.js';
import type { CallSnapshot } from '../../../../renderer/src/engine/phone-engine-contract.js';

const headers = (h: Record<string, string>) => ({ getHeader: (name: string) => h[name.toLowerCase()] });

describe('phone numbers in the engine (issue 11)', () => {
  it('dials E.164 numbers, tel: links and SIP phone URIs as sip:+E164@DOMAIN;user=phone', () => {
    for (const target of [
      '+442079460018',
      '+44 20 7946 0018',
      'tel:+44-20-7946-0018',
      'sip:+442079460018@parley.test',
    ]) {
      const uri = parseCallTarget(target, 'parley.test');
      expect(uri?.toString()).toBe('sip:+442079460018@parley.test;user=phone');
    }
    expect(parseCallTarget('bob', 'parley.test')?.toString()).toBe('sip:bob@parley.test');
  });

  it('never takes a phone number for a username, and writes it for people', () => {
    const peer = peerFromUri(parseCallTarget('+442079460018', 'parley.test')!, 'parley.test');
    expect(peer.username).toBeUndefined();
    expect(peerHandle(peer)).toBe('+44 20 7946 0018');
    expect(peerHandle({ uri: 'sip:+12025550123@parley.test' })).toBe('+1 202 555 0123');
    expect(peerHandle({ uri: 'sip:bob@parley.test', username: 'bob' })).toBe('bob');
  });

  it('reads the service’s refusal (403 + X-Parley-Refusal + Reason text) and says it', () => {
    const refusal = serviceRefusal(
      headers({
        'x-parley-refusal': 'premium_blocked',
        reason: 'SIP;cause=403;text="Premium-rate numbers are blocked"',
      }),
    );
    expect(refusal).toBe('Premium-rate numbers are blocked');
    expect(serviceRefusal(headers({ reason: 'SIP;cause=403;text="x"' }))).toBeUndefined();
    expect(serviceRefusal(headers({ 'x-parley-refusal': 'no_trunk' }))).toBe('The service refused this call');
    const call = {
      direction: 'outgoing',
      peer: { uri: 'sip:+19005550123@parley.test' },
      endReason: 'refused',
      endStatus: { code: 403, reason: refusal },
    } as unknown as CallSnapshot;
    expect(endReasonText(call)).toBe('Premium-rate numbers are blocked.');
  });

  it('words a price', () => {
    expect(
      chargesText({
        e164: '+442079460018',
        destination: 'United Kingdom – London',
        ratePerMinute: '0.02',
        currency: 'EUR',
        connectFee: '0.00',
        incrementSeconds: 60,
        allowed: true,
      }),
    ).toBe('Charges may apply: United Kingdom – London, €0.02/min');
  });
});
