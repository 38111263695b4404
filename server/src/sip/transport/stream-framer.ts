/**
 * Framing of SIP over a byte stream (TCP, TLS):
 * {@link https://www.rfc-editor.org/rfc/rfc3261#section-18.3 | RFC 3261 §18.3} — the header ends at the
 * first empty line and Content-Length says how many body bytes follow ("The Content-Length header field
 * MUST be used with stream oriented transports"), so one segment may carry the end of one message and the
 * start of the next, and one message may arrive over many segments. Between messages,
 * {@link https://www.rfc-editor.org/rfc/rfc5626#section-4.4.1 | RFC 5626 §4.4.1} keep-alives: a double
 * CRLF is a ping (answered with a single CRLF pong), a lone CRLF a pong.
 *
 * When the end of a message cannot be found for sure — Content-Length missing, malformed (negative, not
 * a number), given twice with different values, or pointing beyond the size limit, or a header section
 * that never ends within the limit — every later byte would be read from a guessed position, so the
 * framer stops for good: it reports the message's header section (the request may still be answered)
 * and nothing after it is ever framed. The connection is then closed (stream-transport.ts), as Kamailio
 * does without `tcp_accept_no_cl`. Nothing here knows SIP beyond that.
 */

export type FramerEvent =
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'ping' }
  /**
   * The stream cannot be framed any further: close it. `head` is the header section of the message that
   * broke the framing (cut at the size limit when it never ended), so a request can get `status`.
   */
  | { readonly kind: 'error'; readonly reason: string; readonly status: 400 | 513; readonly head?: string };

const CR = 0x0d;
const LF = 0x0a;
const HEAD_END = Buffer.from('\r\n\r\n');
/** A header line: its name (Content-Length or its compact form `l`, §7.3.3, §20.14) and value. */
const FIELD = /^([^:\r\n]*):(.*)$/s;

/** What the header section says about the body: its length, or why it cannot be known. */
type BodyLength =
  { readonly ok: true; readonly length: number } | { readonly ok: false; readonly reason: string };

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
        if (this.buffer.length > this.maxBytes) {
          const head = this.buffer.subarray(0, this.maxBytes).toString('utf8');
          return this.fail(out, 'Header Too Large', 513, head);
        }
        break;
      }
      const head = this.buffer.subarray(0, headEnd).toString('utf8');
      const body = bodyLength(head);
      if (!body.ok) return this.fail(out, body.reason, 400, head);
      const total = headEnd + 4 + body.length;
      if (total > this.maxBytes) return this.fail(out, 'Message Too Large', 513, head);
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

  /** True once the stream could not be framed: nothing more comes out. */
  get broken(): boolean {
    return this.failed;
  }

  private fail(out: FramerEvent[], reason: string, status: 400 | 513, head: string): FramerEvent[] {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    out.push({ kind: 'error', reason, status, head });
    return out;
  }
}

/**
 * The body length a header section announces: every Content-Length / `l` field (folded lines joined,
 * §7.3.1) must be a plain decimal and all must agree; one must be there (§18.3, §20.14).
 */
function bodyLength(head: string): BodyLength {
  let length: number | undefined;
  for (const line of head
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')
    .slice(1)) {
    const m = FIELD.exec(line);
    if (!m) continue;
    const name = m[1]!.trimEnd().toLowerCase();
    if (name !== 'content-length' && name !== 'l') continue;
    const value = m[2]!.trim();
    // Ten digits at most: anything longer is beyond every size limit anyway.
    if (!/^\d{1,10}$/.test(value)) return { ok: false, reason: 'Bad Content-Length' };
    const n = Number(value);
    if (length !== undefined && length !== n) return { ok: false, reason: 'Conflicting Content-Length' };
    length = n;
  }
  return length === undefined ? { ok: false, reason: 'Missing Content-Length' } : { ok: true, length };
}

function leadingCrlfPairs(b: Buffer): number {
  let n = 0;
  while (b.length >= (n + 1) * 2 && b[n * 2] === CR && b[n * 2 + 1] === LF) n++;
  return n;
}
