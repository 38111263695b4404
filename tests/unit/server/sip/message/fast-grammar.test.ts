import { Grammar, type NameAddrHeader, type URI } from 'sip.js';
import { describe, expect, it } from 'vitest';
import {
  parseCSeq,
  parseNameAddr,
  parseUri,
  parseVia,
} from '../../../../../server/src/sip/message/fast-grammar.js';

const view = (u: URI | undefined) =>
  u && {
    scheme: u.scheme,
    user: u.user,
    host: u.host,
    port: u.port,
    params: { ...(u as unknown as { parameters: object }).parameters },
  };
const viewNa = (n: NameAddrHeader | undefined) =>
  n && {
    uri: view(n.uri),
    tag: n.getParam('tag'),
    expires: n.getParam('expires'),
    instance: n.getParam('+sip.instance'),
  };

describe('fast grammar paths agree with SIP.js Grammar', () => {
  it.each([
    'sip:bob@parley.test',
    'sip:parley.test',
    'sips:alice@127.0.0.1:5061;transport=tls',
    'sip:kj1kvpvv@ut1hfiv4qrbd.invalid;transport=ws;ob',
    'sip:a%20b@host.example;lr',
    'sip:abc.def.ghi@parley.test;transport=ws;lr',
    'sip:+15551234;phone-context=x@gw.example;user=phone',
    'sip:[2001:db8::1]:5060',
  ])('URI %s', (text) => {
    expect(view(parseUri(text))).toEqual(view(Grammar.URIParse(text)));
  });

  it.each([
    '<sip:alice@parley.test>;tag=abc',
    '"Alice Smith" <sip:alice@parley.test>;tag=1',
    'Alice <sip:alice@parley.test>',
    'sip:bob@parley.test;tag=xyz',
    '<sip:b1@x.invalid;transport=ws>;expires=600;+sip.instance="<urn:uuid:abc-1>";reg-id=1',
    '<sip:x.y.z@parley.test;transport=ws;lr>',
  ])('name-addr %s', (text) => {
    const sipjs = Grammar.parse(text, 'Contact') as Array<{ parsed: NameAddrHeader }>;
    expect(viewNa(parseNameAddr(text))).toEqual(viewNa(sipjs[0]!.parsed));
  });

  it('reads Via and CSeq like SIP.js', () => {
    for (const text of [
      'SIP/2.0/WS abc.invalid;branch=z9hG4bK1;rport',
      'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKx;received=1.2.3.4',
    ]) {
      const s = Grammar.parse(text, 'Via') as {
        transport: string;
        host: string;
        port?: number;
        branch?: string;
      };
      expect(parseVia(text)).toEqual({
        transport: s.transport,
        host: s.host,
        port: s.port,
        branch: s.branch,
      });
    }
    expect(parseCSeq('42 INVITE')).toEqual({ value: 42, method: 'INVITE' });
  });

  it('refuses what SIP.js refuses', () => {
    for (const bad of ['sip:', 'sip:@host', 'http://x', 'sip:bob@', 'sip:a b@c', 'sip:host:99999']) {
      expect(parseUri(bad)).toBeUndefined();
    }
    for (const bad of ['<<<', '<sip:a@b', 'just words', '<>']) expect(parseNameAddr(bad)).toBeUndefined();
    for (const bad of ['nonsense', 'SIP/2.0/WS', 'SIP/2.0/WS host:port'])
      expect(parseVia(bad)).toBeUndefined();
    for (const bad of ['x INVITE', '1', '1 IN VITE']) expect(parseCSeq(bad)).toBeUndefined();
  });
});
