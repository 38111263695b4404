import { describe, expect, it } from 'vitest';
import { BencodeError, decode, encode } from '../../../../server/src/media-relay/bencode.js';

const text = (value: Parameters<typeof encode>[0]): string => encode(value).toString('utf8');

describe('bencode', () => {
  it('encodes integers, strings, lists and dictionaries with sorted keys', () => {
    expect(text(42)).toBe('i42e');
    expect(text(-7)).toBe('i-7e');
    expect(text('spam')).toBe('4:spam');
    expect(text(['a', 1])).toBe('l1:ai1ee');
    expect(text({ 'call-id': 'x', command: 'ping', ICE: 'remove' })).toBe(
      'd3:ICE6:remove7:call-id1:x7:command4:pinge',
    );
  });

  it('counts bytes, not characters, in string lengths', () => {
    expect(text('é')).toBe('2:é');
    expect(decode(encode('é'))).toBe('é');
  });

  it('decodes what it encodes', () => {
    const value = { sdp: 'v=0\r\n', flags: ['trust-address'], codec: { transcode: ['PCMU', 'PCMA'] }, n: 0 };
    expect(decode(encode(value))).toEqual(value);
  });

  it('decodes an rtpengine reply', () => {
    expect(decode(Buffer.from('d6:result4:ponge'))).toEqual({ result: 'pong' });
    expect(decode(Buffer.from('d12:error-reason15:Unknown call-id6:result5:errore'))).toEqual({
      'error-reason': 'Unknown call-id',
      result: 'error',
    });
  });

  it('refuses values bencode has no type for', () => {
    expect(() => encode(1.5)).toThrow(BencodeError);
    expect(() => encode(true as unknown as string)).toThrow(/cannot bencode a boolean/);
  });

  it.each([
    ['', /end of input/],
    ['i12', /unterminated integer/],
    ['i012e', /bad integer/],
    ['i-0e', /bad integer/],
    ['5:abc', /past the end/],
    ['l1:a', /unterminated list|end of input/],
    ['di1e1:ae', /key .* is not a string/],
    ['x', /unexpected byte/],
    ['i1ei2e', /trailing bytes/],
  ])('refuses malformed input %j with a clear error', (input, message) => {
    expect(() => decode(Buffer.from(input))).toThrow(message);
  });

  it('refuses nesting deep enough to exhaust the stack', () => {
    expect(() => decode(Buffer.from('l'.repeat(100) + 'e'.repeat(100)))).toThrow(/nesting deeper/);
  });
});
