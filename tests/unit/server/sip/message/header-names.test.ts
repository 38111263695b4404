import { describe, expect, it } from 'vitest';
import { canonicalHeaderName } from '../../../../../server/src/sip/message/header-names.js';
import { SipMessage } from '../../../../../server/src/sip/message/sip-message.js';

describe('canonical header names (cached)', () => {
  it('expands compact forms and spells names canonically, the same on a cache hit', () => {
    for (let round = 0; round < 2; round++) {
      expect(canonicalHeaderName('v')).toBe('Via');
      expect(canonicalHeaderName('call-id')).toBe('Call-ID');
      expect(canonicalHeaderName(' record-route ')).toBe('Record-Route');
      expect(canonicalHeaderName('X-FOO-bar')).toBe('X-Foo-Bar');
    }
  });

  it('keeps working past the cache bound (names a peer invents)', () => {
    for (let i = 0; i < 1500; i++) expect(canonicalHeaderName(`x-n${i}`)).toBe(`X-N${i}`);
    expect(canonicalHeaderName('cseq')).toBe('CSeq');
  });
});

describe('SipMessage field lookup ignores case', () => {
  it('finds, counts, replaces and removes fields whatever the spelling', () => {
    const m = new SipMessage(
      { kind: 'request', method: 'MESSAGE', uri: 'sip:a@b' },
      [
        { name: 'Via', value: 'SIP/2.0/WS x;branch=z9hG4bK1' },
        { name: 'via', value: 'SIP/2.0/WS y;branch=z9hG4bK2' },
        { name: 'Content-Length', value: '99' },
      ],
      'hi',
    );
    expect(m.getAll('VIA')).toEqual(['SIP/2.0/WS x;branch=z9hG4bK1', 'SIP/2.0/WS y;branch=z9hG4bK2']);
    expect(m.get('vIa')).toBe('SIP/2.0/WS x;branch=z9hG4bK1');
    expect(m.get('Vias')).toBeUndefined();
    m.removeFirst('VIA');
    expect(m.getAll('Via')).toEqual(['SIP/2.0/WS y;branch=z9hG4bK2']);
    // Content-Length is recomputed, whatever its spelling in the fields.
    expect(m.toString()).toContain('Content-Length: 2\r\n\r\nhi');
    expect(m.toString()).not.toContain('99');
  });
});
