import { describe, expect, it } from 'vitest';
import { buildResponse } from '../../../../../server/src/sip/message/build-response.js';
import { parseMessage } from '../../../../../server/src/sip/message/parse-message.js';

const opts = { maxBytes: 65_536 };
const INVITE = [
  'INVITE sip:bob@parley.test SIP/2.0',
  'v: SIP/2.0/WS a.invalid;branch=z9hG4bK1, SIP/2.0/WS b.invalid;branch=z9hG4bK2',
  'Max-Forwards: 70',
  'f: "Alice" <sip:alice@parley.test>;tag=abc',
  't: <sip:bob@parley.test>',
  'i: call-1',
  'CSeq: 7 INVITE',
  'Route: <sip:x@parley.test;lr>, <sip:y@other.example;lr>',
  'Subject: a folded',
  '  header',
  'l: 5',
  '',
  'héllo',
].join('\r\n');

describe('parseMessage', () => {
  it('parses a request with compact forms, comma lists, folding and a UTF-8 body counted in bytes', () => {
    const text = INVITE.replace('l: 5', `l: ${Buffer.byteLength('héllo')}`);
    const out = parseMessage(text + 'TRAILING', opts);
    expect(out.ok).toBe(true);
    if (!out.ok || out.value.kind !== 'request') throw new Error('not a request');
    const r = out.value;
    expect(r.method).toBe('INVITE');
    expect(r.ruri.user).toBe('bob');
    expect(r.vias.map((v) => v.branch)).toEqual(['z9hG4bK1', 'z9hG4bK2']);
    expect(r.routes).toHaveLength(2);
    expect(r.fromTag).toBe('abc');
    expect(r.toTag).toBeUndefined();
    expect(r.cseq).toBe(7);
    expect(r.maxForwards).toBe(70);
    expect(r.message.get('Subject')).toBe('a folded header');
    expect(r.message.body).toBe('héllo'); // bytes beyond Content-Length are discarded (§18.3)
    expect(r.message.getAll('Via')).toHaveLength(2);
  });

  it.each([
    ['garbage', 'hello world\r\n\r\n', 'Bad Request Line'],
    ['no CRLF at all', 'INVITE sip:bob@parley.test SIP/2.0', 'Truncated Message'],
    ['missing header end', INVITE.split('\r\n\r\n')[0]!.slice(0, 120), 'Truncated Message'],
    ['short body', INVITE.replace('l: 5', 'l: 50'), 'Truncated Body'],
    ['bad Content-Length', INVITE.replace('l: 5', 'l: five'), 'Bad Content-Length'],
    ['missing Call-ID', INVITE.replace('i: call-1\r\n', ''), 'Missing Call-ID'],
    ['two From', INVITE.replace('t: <sip', 'From: <sip:x@y>;tag=2\r\nt: <sip'), 'Duplicate From'],
    ['CSeq method mismatch', INVITE.replace('CSeq: 7 INVITE', 'CSeq: 7 BYE'), 'CSeq Method Mismatch'],
    ['bad CSeq', INVITE.replace('CSeq: 7 INVITE', 'CSeq: x INVITE'), 'Bad CSeq'],
    ['bad From', INVITE.replace('"Alice" <sip:alice@parley.test>', '<<<'), 'Bad From'],
    ['bad Via', INVITE.replace('v: SIP/2.0/WS a.invalid;branch=z9hG4bK1, ', 'v: nonsense, '), 'Bad Via'],
    ['bad Max-Forwards', INVITE.replace('Max-Forwards: 70', 'Max-Forwards: 999'), 'Bad Max-Forwards'],
    ['bad Route', INVITE.replace('<sip:x@parley.test;lr>', '<:::>'), 'Bad Route'],
    [
      'header line without colon',
      INVITE.replace('Max-Forwards: 70', 'Max-Forwards 70'),
      'Malformed header line',
    ],
    ['wrong version', INVITE.replace('SIP/2.0\r\n', 'SIP/3.0\r\n'), 'Version Not Supported'],
  ])('rejects %s', (_name, text, reason) => {
    const out = parseMessage(text, opts);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toBe(reason);
  });

  it('answers 416 for a non-SIP Request-URI scheme and 513 above the size limit', () => {
    // tel: is understood (RFC 3966, tel-uri.test.ts); other schemes are not.
    const im = parseMessage(INVITE.replace('INVITE sip:bob@parley.test', 'INVITE im:bob@parley.test'), opts);
    expect(im).toMatchObject({ ok: false, status: 416 });
    expect(parseMessage(INVITE, { maxBytes: 100 })).toMatchObject({ ok: false, status: 513 });
  });

  it('keeps enough of a bad request to answer 400 with the §8.2.6 fields copied', () => {
    const out = parseMessage(INVITE.replace('CSeq: 7 INVITE', 'CSeq: 7 BYE'), opts);
    if (out.ok || !out.partial) throw new Error('expected a partial');
    const res = buildResponse(out.partial, 400, { reason: out.reason, toTag: 't1' }).toString();
    expect(res).toMatch(/^SIP\/2.0 400 CSeq Method Mismatch\r\n/);
    expect(res).toContain(
      'Via: SIP/2.0/WS a.invalid;branch=z9hG4bK1\r\nVia: SIP/2.0/WS b.invalid;branch=z9hG4bK2',
    );
    expect(res).toContain('To: <sip:bob@parley.test>;tag=t1');
    expect(res).toContain('Call-ID: call-1');
    expect(res).toContain('Content-Length: 0');
  });

  it('accepts Contact: * (REGISTER wildcard) and parses responses', () => {
    const reg =
      'REGISTER sip:parley.test SIP/2.0\r\nVia: SIP/2.0/WS a.invalid;branch=z9hG4bK9\r\nFrom: <sip:a@parley.test>;tag=1\r\nTo: <sip:a@parley.test>\r\nCall-ID: r\r\nCSeq: 2 REGISTER\r\nContact: *\r\nExpires: 0\r\n\r\n';
    const out = parseMessage(reg, opts);
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.value.message.getAll('Contact')).toEqual(['*']);
    const res = parseMessage(
      'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/WS p;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:b@b>;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n',
      opts,
    );
    expect(res).toMatchObject({
      ok: true,
      value: { kind: 'response', status: 180, toTag: '2', cseqMethod: 'INVITE' },
    });
  });

  it('never throws, whatever the input (SIP.js itself throws on some responses)', () => {
    const samples = [
      'SIP/2.0 200 OK\r\nCSeq: garbage\r\n\r\n',
      'SIP/2.0 200 OK\r\nCall-ID: x\r\n\r\n',
      'INVITE  SIP/2.0\r\n\r\n',
      '\u0000\u0001\u0002',
      '',
      '\r\n\r\n\r\n',
      'INVITE sip:a@b SIP/2.0\r\n:\r\n\r\n',
    ];
    for (let i = 0; i < 300; i++) {
      const cut = INVITE.slice(0, (i * 7) % INVITE.length) + INVITE.slice((i * 13) % INVITE.length);
      samples.push(
        cut,
        INVITE.replace(/[a-z]/g, (c) => (Math.random() < 0.05 ? '<' : c)),
      );
    }
    for (const s of samples) expect(() => parseMessage(s, opts)).not.toThrow();
  });
});
