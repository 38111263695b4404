/**
 * Content-Length framing on streams (RFC 3261 §18.3) and RFC 5626 keep-alives: a message split over
 * many segments comes out once, whole; several in one segment come out in order; CRLF CRLF is a ping,
 * a lone CRLF a pong; a message over the limit ends the stream; so does a message whose end cannot be
 * found (Content-Length missing, malformed, conflicting or huge), reporting its header section so the
 * request can be answered — and nothing after it is ever framed.
 */
import { describe, expect, it } from 'vitest';
import { StreamFramer, type FramerEvent } from '../../../../../server/src/sip/transport/stream-framer.js';

const msg = (id: string, body = ''): string =>
  `OPTIONS sip:x SIP/2.0\r\nCall-ID: ${id}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

const texts = (events: FramerEvent[]) => events.map((e) => (e.kind === 'message' ? e.text : e.kind));

describe('StreamFramer', () => {
  it('reassembles a message split at every byte, body included (multi-byte UTF-8 too)', () => {
    const framer = new StreamFramer(10_000);
    const whole = Buffer.from(msg('a', 'héllo wörld'));
    const out: FramerEvent[] = [];
    for (let i = 0; i < whole.length; i++) out.push(...framer.push(whole.subarray(i, i + 1)));
    expect(texts(out)).toEqual([msg('a', 'héllo wörld')]);
    expect(framer.pending).toBe(0);
  });

  it('splits coalesced messages in order and keeps a partial one for the next segment', () => {
    const framer = new StreamFramer(10_000);
    const third = msg('c', 'v=0\r\n');
    const data = msg('a') + msg('b', 'xyz') + third.slice(0, 20);
    expect(texts(framer.push(Buffer.from(data)))).toEqual([msg('a'), msg('b', 'xyz')]);
    expect(texts(framer.push(Buffer.from(third.slice(20))))).toEqual([third]);
  });

  it('reads the compact form l: of Content-Length', () => {
    const framer = new StreamFramer(10_000);
    const text = 'MESSAGE sip:x SIP/2.0\r\ni: c1\r\nl: 2\r\n\r\nhi';
    expect(texts(framer.push(Buffer.from(text + 'MESS')))).toEqual([text]);
  });

  it('reports a double-CRLF ping, swallows a lone CRLF pong, and waits when a ping may be half there', () => {
    const framer = new StreamFramer(10_000);
    expect(texts(framer.push(Buffer.from('\r\n\r\n')))).toEqual(['ping']);
    expect(texts(framer.push(Buffer.from('\r\n')))).toEqual([]);
    expect(texts(framer.push(Buffer.from('\r\n')))).toEqual(['ping']);
    expect(texts(framer.push(Buffer.from('\r\n' + msg('a'))))).toEqual([msg('a')]);
  });

  it('ends the stream on a header or message over the limit', () => {
    const big = new StreamFramer(100);
    expect(texts(big.push(Buffer.from(msg('a', 'x'.repeat(200)))))).toEqual(['error']);
    expect(big.push(Buffer.from(msg('b')))).toEqual([]);
    const endless = new StreamFramer(100);
    expect(texts(endless.push(Buffer.from('OPTIONS sip:x SIP/2.0\r\nX: ' + 'y'.repeat(200))))).toEqual([
      'error',
    ]);
  });

  it('reads a folded Content-Length, a space before the colon, and the same value given twice', () => {
    const folded = 'MESSAGE sip:x SIP/2.0\r\nCall-ID: f\r\nContent-Length:\r\n  2\r\n\r\nhi';
    const spaced = 'MESSAGE sip:x SIP/2.0\r\nCall-ID: s\r\nContent-Length : 1\r\n\r\nx';
    const twice = 'MESSAGE sip:x SIP/2.0\r\nl: 1\r\nCall-ID: t\r\nContent-Length: 1\r\n\r\ny';
    const framer = new StreamFramer(10_000);
    expect(texts(framer.push(Buffer.from(folded + spaced + twice)))).toEqual([folded, spaced, twice]);
  });

  const unframable: Array<[string, string, string, number]> = [
    ['missing', '', 'Missing Content-Length', 400],
    ['negative', 'Content-Length: -1\r\n', 'Bad Content-Length', 400],
    ['not a number', 'Content-Length: 1e3\r\n', 'Bad Content-Length', 400],
    ['empty', 'l:\r\n', 'Bad Content-Length', 400],
    ['eleven digits', 'Content-Length: 00000000001\r\n', 'Bad Content-Length', 400],
    ['conflicting', 'Content-Length: 0\r\nl: 4\r\n', 'Conflicting Content-Length', 400],
    ['beyond the limit', 'Content-Length: 99999999\r\n', 'Message Too Large', 513],
  ];
  it.each(unframable)(
    'gives up on a Content-Length that is %s: reports the header, frames nothing after it',
    (_what, field, reason, status) => {
      const head = `INVITE sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nCall-ID: bad\r\n${field}`;
      const framer = new StreamFramer(10_000);
      const out = framer.push(Buffer.from(msg('before') + head + '\r\nv=0\r\n' + msg('after')));
      expect(out).toEqual([
        { kind: 'message', text: msg('before') },
        { kind: 'error', reason, status, head: head.slice(0, -2) },
      ]);
      expect(framer.broken).toBe(true);
      expect(framer.pending).toBe(0);
      expect(framer.push(Buffer.from(msg('later')))).toEqual([]);
    },
  );

  it('reports the first bytes of a header section that never ends as the head (513)', () => {
    const framer = new StreamFramer(100);
    const start = 'OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK2\r\nX: ';
    const [event] = framer.push(Buffer.from(start + 'y'.repeat(200)));
    expect(event).toMatchObject({ kind: 'error', status: 513, reason: 'Header Too Large' });
    expect(event?.kind === 'error' && event.head?.startsWith(start)).toBe(true);
  });
});
