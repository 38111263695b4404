/**
 * A SIP message as the proxy handles it: start line, an ordered list of header fields and a body.
 * Proxies must keep header order within a name (Via, Route, Record-Route: RFC 3261 §7.3.1) and may
 * rewrite a few fields (§16.6); everything else passes through as received.
 */

export type StartLine =
  | { readonly kind: 'request'; readonly method: string; readonly uri: string }
  | { readonly kind: 'response'; readonly status: number; readonly reason: string };

export interface HeaderField {
  /** Canonical spelling (compact forms expanded), e.g. `Via`, `Call-ID`. */
  readonly name: string;
  readonly value: string;
}

/**
 * Whether field name `name` equals `lower` (already lowercase) ignoring case: the length test first, so
 * most fields are skipped without allocating a lowercased copy (issue 15: GC per message).
 */
function sameName(name: string, lower: string): boolean {
  return name.length === lower.length && (name === lower || name.toLowerCase() === lower);
}

export class SipMessage {
  constructor(
    public startLine: StartLine,
    public headers: HeaderField[],
    /** Body as text (SIP over WebSocket carries UTF-8 text, RFC 7118 §5.1). */
    public body: string,
  ) {}

  get isRequest(): boolean {
    return this.startLine.kind === 'request';
  }

  /** First value of a field, or `undefined`. Names compare case-insensitively. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.headers.find((h) => sameName(h.name, lower))?.value;
  }

  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const out: string[] = [];
    for (const h of this.headers) if (sameName(h.name, lower)) out.push(h.value);
    return out;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Replaces every field of this name by one field (kept at the first one's position). */
  set(name: string, value: string): void {
    const lower = name.toLowerCase();
    const at = this.headers.findIndex((h) => sameName(h.name, lower));
    this.remove(name);
    if (at < 0) this.headers.push({ name, value });
    else this.headers.splice(at, 0, { name, value });
  }

  remove(name: string): void {
    const lower = name.toLowerCase();
    this.headers = this.headers.filter((h) => !sameName(h.name, lower));
  }

  /** Removes only the first field of this name (e.g. our own Via or Route). */
  removeFirst(name: string): void {
    const lower = name.toLowerCase();
    const at = this.headers.findIndex((h) => sameName(h.name, lower));
    if (at >= 0) this.headers.splice(at, 1);
  }

  /** Adds a field above the existing fields of the same name, or at the top of the header. */
  prepend(name: string, value: string): void {
    const lower = name.toLowerCase();
    const at = this.headers.findIndex((h) => sameName(h.name, lower));
    this.headers.splice(at < 0 ? 0 : at, 0, { name, value });
  }

  append(name: string, value: string): void {
    this.headers.push({ name, value });
  }

  clone(): SipMessage {
    return new SipMessage(this.startLine, this.headers.slice(), this.body);
  }

  /** Serializes with a recomputed Content-Length (bytes of the UTF-8 body, RFC 3261 §20.14). */
  toString(): string {
    const line =
      this.startLine.kind === 'request'
        ? `${this.startLine.method} ${this.startLine.uri} SIP/2.0`
        : `SIP/2.0 ${this.startLine.status} ${this.startLine.reason}`;
    const out = [line];
    for (const h of this.headers) {
      if (!sameName(h.name, 'content-length')) out.push(`${h.name}: ${h.value}`);
    }
    out.push(`Content-Length: ${Buffer.byteLength(this.body, 'utf8')}`);
    return out.join('\r\n') + '\r\n\r\n' + this.body;
  }
}
