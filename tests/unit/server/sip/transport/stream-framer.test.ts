/**
 * Content-Length framing on streams (RFC 3261 §18.3) and RFC 5626 keep-alives: a message split over
 * many segments comes out once, whole; several in one segment come out in order; CRLF CRLF is a ping,
 * a lone CRLF a pong; a message over the limit ends the stream.
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
});
