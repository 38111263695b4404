/**
 * Framing of SIP over a byte stream (TCP, TLS): RFC 3261 §18.3 — the header ends at the first empty
 * line and Content-Length says how many body bytes follow, so one segment may carry the end of one
 * message and the start of the next, and one message may arrive over many segments. Between messages,
 * RFC 5626 §4.4.1 keep-alives: a double CRLF is a ping (answered with a single CRLF pong), a lone CRLF
 * a pong. Nothing here knows SIP beyond that.
 */

export type FramerEvent =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'ping' }
  /** The stream cannot be framed any further (header or body over the limit): close it. */
  | { readonly kind: 'error'; readonly reason: string };

const CR = 0x0d;
const LF = 0x0a;
const HEAD_END = Buffer.from('\r\n\r\n');
/** Content-Length or its compact form `l` (§7.3.3, §20.14), on a header line of its own. */
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*(\d{1,10})[ \t]*$/im;

export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;

  /** @param maxBytes the largest message (header + body) accepted. */
  constructor(private readonly maxBytes: number) {}

  /** Takes the next segment and returns every complete message (and keep-alive) it finishes. */
  push(segment: Buffer): FramerEvent[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length === 0 ? segment : Buffer.concat([this.buffer, segment]);
    const out: FramerEvent[] = [];
    for (;;) {
      const crlfs = leadingCrlfPairs(this.buffer);
      if (crlfs > 0) {
        // A lone CRLF at the very end may be the first half of a ping still on its way.
        if (crlfs === 1 && this.buffer.length === 2) break;
        if (crlfs >= 2) out.push({ kind: 'ping' });
        this.buffer = this.buffer.subarray(crlfs * 2);
        continue;
      }
      if (this.buffer.length === 0) break;
      const headEnd = this.buffer.indexOf(HEAD_END);
      if (headEnd < 0) {
        if (this.buffer.length > this.maxBytes) return this.fail(out, 'header too large');
        break;
      }
      const head = this.buffer.subarray(0, headEnd).toString('latin1');
      const match = CONTENT_LENGTH.exec(head);
      // §18.3: mandatory on streams; a message without it is taken as having no body, and the parser
      // above answers whatever follows.
      const length = match ? Number(match[1]) : 0;
      const total = headEnd + 4 + length;
      if (total > this.maxBytes) return this.fail(out, 'message too large');
      if (this.buffer.length < total) break;
      out.push({ kind: 'message', text: this.buffer.subarray(0, total).toString('utf8') });
      this.buffer = this.buffer.subarray(total);
    }
    return out;
  }

  /** Bytes waiting for the rest of their message. */
  get pending(): number {
    return this.buffer.length;
  }

  private fail(out: FramerEvent[], reason: string): FramerEvent[] {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    out.push({ kind: 'error', reason });
    return out;
  }
}

function leadingCrlfPairs(b: Buffer): number {
  let n = 0;
  while (b.length >= (n + 1) * 2 && b[n * 2] === CR && b[n * 2 + 1] === LF) n++;
  return n;
}
