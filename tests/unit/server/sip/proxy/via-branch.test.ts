import { describe, expect, it } from 'vitest';
import { parseMessage, type ParsedRequest } from '../../../../../server/src/sip/message/parse-message.js';
import { isLoop, loopHash, newBranch } from '../../../../../server/src/sip/proxy/via-branch.js';

function request(extraVia = ''): ParsedRequest {
  const text = [
    'MESSAGE sip:bob@parley.test SIP/2.0',
    ...(extraVia ? [`Via: ${extraVia}`] : []),
    'Via: SIP/2.0/WS c.invalid;branch=z9hG4bKclient',
    'Max-Forwards: 70',
    'From: <sip:alice@parley.test>;tag=1',
    'To: <sip:bob@parley.test>',
    'Call-ID: loop-1',
    'CSeq: 1 MESSAGE',
    '',
    '',
  ].join('\r\n');
  const out = parseMessage(text, { maxBytes: 10_000 });
  if (!out.ok || out.value.kind !== 'request') throw new Error('bad fixture');
  return out.value;
}

describe('branches and loop detection (§16.3 step 4, §16.6 step 8)', () => {
  it('makes RFC 3261 branches (magic cookie) that are unique per call', () => {
    const h = loopHash(request());
    const a = newBranch(h);
    expect(a.startsWith('z9hG4bK' + h + '.')).toBe(true);
    expect(newBranch(h)).not.toBe(a);
  });

  it('detects a request coming back with our Via for the same request (482), not a spiral', () => {
    const plain = request();
    expect(isLoop(plain, 'parley.test')).toBe(false);
    const ours = `SIP/2.0/WS parley.test;branch=${newBranch(loopHash(plain))}`;
    expect(isLoop(request(ours), 'parley.test')).toBe(true);
    // Same Via host with another hash (the request changed: a spiral) is fine.
    expect(isLoop(request('SIP/2.0/WS parley.test;branch=z9hG4bKother.1'), 'parley.test')).toBe(false);
    // Another proxy's Via with our hash is not ours.
    expect(isLoop(request(ours.replace('parley.test', 'proxy.example')), 'parley.test')).toBe(false);
  });
});
