import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../../../server/src/sip/message/parse-message.js';
import { parseTelUri, TEL_HOST } from '../../../../../server/src/sip/message/tel-uri.js';
import { decideRoute, type RoutingFacts } from '../../../../../server/src/sip/proxy/routing.js';

const invite = (ruri: string, to = `<${ruri}>`): string =>
  [
    `INVITE ${ruri} SIP/2.0`,
    'Via: SIP/2.0/UDP a.invalid;branch=z9hG4bK1',
    'Max-Forwards: 70',
    'From: <sip:alice@parley.test>;tag=abc',
    `To: ${to}`,
    'Call-ID: call-1',
    'CSeq: 1 INVITE',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

describe('parseTelUri (RFC 3966 §3)', () => {
  it('takes a global number with separators and parameters, and a local one with its phone-context', () => {
    const g = parseTelUri('tel:+44-20-7946-0018;ext=12');
    expect(g).toMatchObject({ scheme: 'tel', user: '+44-20-7946-0018', host: TEL_HOST });
    expect(g?.getParam('ext')).toBe('12');
    expect(parseTelUri('tel:7042;phone-context=example.com')?.user).toBe('7042');
  });

  it('refuses a local number without phone-context, an empty number, and junk', () => {
    for (const bad of ['tel:7042', 'tel:', 'tel:+', 'tel:+44 20', 'tel:+4420;=x', 'sip:+4420@x']) {
      expect(parseTelUri(bad), bad).toBeUndefined();
    }
  });
});

describe('parseMessage with tel URIs (RFC 3261 §19.1.6)', () => {
  it('parses an INVITE whose Request-URI and To are tel URIs', () => {
    const out = parseMessage(invite('tel:+442079460018'), { maxBytes: 65_536 });
    if (!out.ok || out.value.kind !== 'request') throw new Error('not parsed');
    expect(out.value.ruri).toMatchObject({ scheme: 'tel', user: '+442079460018' });
    expect(out.value.to.uri.user).toBe('+442079460018');
  });

  it('answers 400 to a malformed tel Request-URI and 416 to other schemes, as before', () => {
    expect(parseMessage(invite('tel:7042', '<sip:x@parley.test>'), { maxBytes: 65_536 })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(parseMessage(invite('mailto:a@b.c', '<sip:x@parley.test>'), { maxBytes: 65_536 })).toMatchObject({
      ok: false,
      status: 416,
    });
  });
});

describe('decideRoute for a tel Request-URI', () => {
  const seen: string[] = [];
  const facts: RoutingFacts = {
    domain: 'parley.test',
    flowAlive: () => true,
    userExists: async () => true,
    bindings: () => [{ flowId: 'f-user', uri: 'sip:u@x.invalid' }],
    bindingByUri: () => undefined,
    gatewayFlow: (ruri) => {
      seen.push(ruri.text);
      return 'f-gw';
    },
  };
  const tel = (user: string, method = 'INVITE', toTag?: string) => ({
    method,
    arrivalFlow: 'f-alice',
    ruri: { scheme: 'tel', user, host: TEL_HOST, text: `tel:${user}` },
    ...(toTag ? { toTag } : {}),
  });

  it('sends a new call to a global number to the gateway as sip:NUMBER@DOMAIN;user=phone', async () => {
    expect(await decideRoute(tel('+442079460018'), facts)).toEqual({
      kind: 'forward',
      targets: [{ flowId: 'f-gw', ruri: 'sip:+442079460018@parley.test;user=phone' }],
      inDialog: false,
      phoneCall: true,
    });
    expect(seen).toEqual(['sip:+442079460018@parley.test;user=phone']);
  });

  it('answers 404 to a local number, a non-INVITE, an in-dialog request, or no gateway', async () => {
    const cases = [
      decideRoute(tel('7042'), facts),
      decideRoute(tel('+442079460018', 'MESSAGE'), facts),
      decideRoute(tel('+442079460018', 'INVITE', 'x'), facts),
      decideRoute(tel('+442079460018'), { ...facts, gatewayFlow: () => undefined }),
    ];
    for (const d of await Promise.all(cases)) expect(d).toMatchObject({ kind: 'respond', status: 404 });
  });
});
