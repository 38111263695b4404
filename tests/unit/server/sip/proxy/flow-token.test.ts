import { Grammar } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { createFlowTokenCodec, otherFlow } from '../../../../../server/src/sip/proxy/flow-token.js';

const codec = createFlowTokenCodec('parley.test', Buffer.alloc(32, 3));
const uriOf = (rr: string) => Grammar.nameAddrHeaderParse(rr)!.uri;

describe('Record-Route flow token', () => {
  it('names both flows in a loose-routing URI of our domain and decodes them back', () => {
    const rr = codec.recordRoute({ a: 'aaaa1111', b: 'bbbb2222' });
    expect(rr).toMatch(/^<sip:aaaa1111\.bbbb2222\.[A-Za-z0-9]{16}@parley\.test;transport=ws;lr>$/);
    expect(codec.decode(uriOf(rr))).toEqual({ a: 'aaaa1111', b: 'bbbb2222' });
    expect(codec.isOurs(uriOf(rr))).toBe(true);
  });

  it('forwards to the other flow of the pair from whichever side the request arrived on', () => {
    const pair = { a: 'caller', b: 'callee' };
    expect(otherFlow(pair, 'caller')).toBe('callee');
    expect(otherFlow(pair, 'callee')).toBe('caller');
    expect(otherFlow(pair, 'stranger')).toBeUndefined();
  });

  it('rejects forged or foreign tokens', () => {
    const rr = codec.recordRoute({ a: 'aaaa1111', b: 'bbbb2222' });
    const swapped = rr.replace('aaaa1111.bbbb2222', 'aaaa1111.cccc3333');
    expect(codec.decode(uriOf(swapped))).toBeUndefined();
    expect(codec.decode(uriOf(rr.replace('parley.test', 'evil.example')))).toBeUndefined();
    const other = createFlowTokenCodec('parley.test', Buffer.alloc(32, 4));
    expect(other.decode(uriOf(rr))).toBeUndefined();
    expect(codec.isOurs(uriOf('<sip:parley.test;lr>'))).toBe(true);
    expect(codec.isOurs(uriOf('<sip:bob@parley.test;lr>'))).toBe(false);
    expect(codec.isOurs(uriOf('<sip:proxy.example;lr>'))).toBe(false);
  });
});
