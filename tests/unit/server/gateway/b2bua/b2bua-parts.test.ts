/**
 * The B2BUA's pure parts: which addresses name phone numbers, the digest answer to a carrier's
 * challenge (checked with the server's own digest code), and the dialogs each side keeps (RFC 3261 §12).
 */
import { describe, expect, it } from 'vitest';
import { computeDigestResponse, computeHa1 } from '../../../../../server/src/sip/core/auth/digest.js';
import { answerChallenge, parseChallenge } from '../../../../../server/src/gateway/b2bua/digest-client.js';
import { dialledOfReferTo, dialledOfRuri } from '../../../../../server/src/gateway/b2bua/phone-uri.js';
import {
  anonymousSdp,
  cancelOf,
  newRequest,
  SipDialog,
} from '../../../../../server/src/gateway/b2bua/sip-dialog.js';
import {
  parseMessage,
  type ParsedRequest,
  type ParsedResponse,
} from '../../../../../server/src/sip/message/parse-message.js';

function parse(text: string): ParsedRequest | ParsedResponse {
  const out = parseMessage(text.replace(/\n/g, '\r\n'), { maxBytes: 65_536 });
  if (!out.ok) throw new Error(out.reason);
  return out.value;
}

describe('phone numbers in SIP addresses', () => {
  it('recognises +E164 and digit user parts, and anything with user=phone', () => {
    expect(dialledOfRuri({ user: '+442079460018', text: 'sip:+442079460018@example.com' })).toBe(
      '+442079460018',
    );
    expect(dialledOfRuri({ user: '020-7946-0018', text: 'sip:020-7946-0018@example.com' })).toBe(
      '020-7946-0018',
    );
    expect(dialledOfRuri({ user: '%2B15550100', text: 'sip:%2B15550100@example.com' })).toBe('+15550100');
    expect(dialledOfRuri({ user: 'x1234', text: 'sip:x1234@example.com;user=phone' })).toBe('x1234');
  });
  it('leaves usernames and short codes alone', () => {
    expect(dialledOfRuri({ user: 'alice', text: 'sip:alice@example.com' })).toBeUndefined();
    expect(dialledOfRuri({ user: '12', text: 'sip:12@example.com' })).toBeUndefined();
    expect(dialledOfRuri({ user: undefined, text: 'sip:example.com' })).toBeUndefined();
  });
  it('reads Refer-To in sip: and tel: forms (RFC 3515 §2.1, RFC 3966)', () => {
    expect(dialledOfReferTo('<sip:+19005550199@example.com;user=phone>')).toBe('+19005550199');
    expect(dialledOfReferTo('<tel:+1-900-555-0199;phone-context=x>')).toBe('+1-900-555-0199');
    expect(dialledOfReferTo('<sip:bob@example.com>')).toBeUndefined();
    expect(dialledOfReferTo('<sip:bob@example.com?Replaces=abc>')).toBeUndefined();
  });
});

describe('digest answer to a carrier', () => {
  it('answers a 407 with qop=auth that the server-side digest code accepts', () => {
    const answer = answerChallenge(
      407,
      ['Digest realm="carrier", nonce="n1", qop="auth,auth-int", algorithm=MD5, opaque="o"'],
      { username: 'trunk', password: 'secret' },
      'INVITE',
      'sip:+4420@carrier',
    );
    expect(answer?.name).toBe('Proxy-Authorization');
    const p = parseChallenge(answer?.value ?? '');
    expect(p['opaque']).toBe('o');
    expect(p['response']).toBe(
      computeDigestResponse({
        algorithm: 'MD5',
        ha1: computeHa1('MD5', 'trunk', 'carrier', 'secret'),
        nonce: 'n1',
        method: 'INVITE',
        uri: 'sip:+4420@carrier',
        qop: 'auth',
        nc: p['nc'] ?? '',
        cnonce: p['cnonce'] ?? '',
      }),
    );
  });
  it('skips algorithms it does not know and says so when nothing is left', () => {
    const challenges = ['Digest realm="c", nonce="n", algorithm=SHA-512-256', 'Digest realm="c", nonce="n"'];
    expect(
      answerChallenge(401, challenges, { username: 'u', password: 'p' }, 'INVITE', 'sip:x@c')?.name,
    ).toBe('Authorization');
    expect(
      answerChallenge(401, challenges.slice(0, 1), { username: 'u', password: 'p' }, 'INVITE', 'sip:x@c'),
    ).toBeUndefined();
  });
});

describe('the dialogs of a gateway call', () => {
  it('UAC view from the 2xx: remote target, reversed route set, next CSeq; ACK keeps the INVITE CSeq', () => {
    const invite = newRequest({
      method: 'INVITE',
      uri: 'sip:+4420@carrier',
      via: 'SIP/2.0/UDP gw:5060;branch=z9hG4bK1',
      from: '<sip:+15550100@gw>;tag=ours',
      to: '<sip:+4420@carrier>',
      callId: 'c1',
      cseq: 2,
    });
    const ok = parse(`SIP/2.0 200 OK
Via: SIP/2.0/UDP gw:5060;branch=z9hG4bK1
Record-Route: <sip:p2;lr>
Record-Route: <sip:p1;lr>
From: <sip:+15550100@gw>;tag=ours
To: <sip:+4420@carrier>;tag=theirs
Call-ID: c1
CSeq: 2 INVITE
Contact: <sip:carrier@10.0.0.1:5060>
Content-Length: 0

`) as ParsedResponse;
    const dialog = SipDialog.asUac(invite, ok);
    const ack = dialog.ack('SIP/2.0/UDP gw:5060;branch=z9hG4bK2', 2);
    expect(ack.toString()).toMatch(/^ACK sip:carrier@10\.0\.0\.1:5060 SIP\/2\.0/);
    expect(ack.getAll('Route')).toEqual(['<sip:p1;lr>', '<sip:p2;lr>']);
    expect(ack.get('CSeq')).toBe('2 ACK');
    const bye = dialog.request('BYE', 'SIP/2.0/UDP gw:5060;branch=z9hG4bK3');
    expect(bye.get('CSeq')).toBe('3 BYE');
    expect(bye.get('From')).toBe('<sip:+15550100@gw>;tag=ours');
    expect(bye.get('To')).toBe('<sip:+4420@carrier>;tag=theirs');
    expect(cancelOf(invite).get('CSeq')).toBe('2 CANCEL');
  });
  it('UAS view from the INVITE: Record-Route in order, the caller as remote party', () => {
    const req = parse(`INVITE sip:alice@example.com SIP/2.0
Via: SIP/2.0/TCP gateway.invalid;branch=z9hG4bK9
Record-Route: <sip:a;lr>
Record-Route: <sip:b;lr>
From: <sip:+4420@example.com>;tag=caller
To: <sip:alice@example.com>
Call-ID: c2
CSeq: 1 INVITE
Contact: <sip:gw@gateway.invalid>
Max-Forwards: 70
Content-Length: 0

`) as ParsedRequest;
    const bye = SipDialog.asUas(req, 'mine').request('BYE', 'SIP/2.0/TCP x;branch=z9hG4bKb');
    expect(bye.toString()).toMatch(/^BYE sip:gw@gateway\.invalid SIP\/2\.0/);
    expect(bye.getAll('Route')).toEqual(['<sip:a;lr>', '<sip:b;lr>']);
    expect(bye.get('From')).toBe('<sip:alice@example.com>;tag=mine');
    expect(bye.get('To')).toBe('<sip:+4420@example.com>;tag=caller');
  });
  it('blanks the SDP origin user and session name toward the carrier', () => {
    expect(anonymousSdp('v=0\r\no=alice-phone 1 2 IN IP4 10.0.0.9\r\ns=Alice call\r\n')).toBe(
      'v=0\r\no=- 1 2 IN IP4 10.0.0.9\r\ns=-\r\n',
    );
  });
});
