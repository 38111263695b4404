/**
 * A raw SIP-over-WebSocket client for tests: sends hand-written messages (or garbage), reads
 * frames, computes digest answers. No SIP stack in the way.
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import {
  computeDigestResponse,
  computeHa1,
  type DigestAlgorithm,
} from '../../../server/src/sip/core/auth/digest.js';
import { Inbox } from './sipjs-phone.js';

export interface RawFrame {
  readonly text: string;
  /** Status code for responses, 0 for requests. */
  readonly status: number;
  readonly method: string | undefined;
  header(name: string): string | undefined;
  headers(name: string): string[];
}

export function readFrame(text: string): RawFrame {
  const head = text.split('\r\n\r\n')[0] ?? '';
  const lines = head.split('\r\n');
  const first = lines[0] ?? '';
  const m = /^SIP\/2\.0 (\d{3})/.exec(first);
  const all = (name: string): string[] =>
    lines
      .slice(1)
      .filter((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'))
      .map((l) => l.slice(name.length + 1).trim());
  return {
    text,
    status: m ? Number(m[1]) : 0,
    method: m ? undefined : first.split(' ')[0],
    header: (name) => all(name)[0],
    headers: all,
  };
}

export class RawSipClient {
  readonly frames = new Inbox<RawFrame>();
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly viaHost = `${randomBytes(4).toString('hex')}.invalid`;
  readonly contactUser = randomBytes(4).toString('hex');
  private cseq = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(readFrame(data.toString())));
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static connect(url: string, protocols: string[] = ['sip']): Promise<RawSipClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols);
      const client = new RawSipClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  send(text: string): void {
    this.ws.send(text);
  }

  /** The next frame that satisfies `predicate` (others are skipped). */
  async next(predicate: (f: RawFrame) => boolean = () => true): Promise<RawFrame> {
    for (;;) {
      const f = await this.frames.next();
      if (predicate(f)) return f;
    }
  }

  /** Sends a request and resolves with its first final response. */
  async request(text: string): Promise<RawFrame> {
    const callId = /\r\nCall-ID: ([^\r]+)/i.exec(text)?.[1];
    this.send(text);
    return this.next((f) => f.status >= 200 && f.header('Call-ID') === callId);
  }

  nextCSeq(): number {
    return this.cseq++;
  }

  close(): void {
    this.ws.close();
  }
}

export interface RequestSpec {
  readonly method: string;
  readonly ruri: string;
  readonly from: string;
  readonly to: string;
  readonly callId?: string;
  readonly cseq?: number;
  readonly viaHost?: string;
  /** Via transport, `WS` by default. */
  readonly viaTransport?: string;
  readonly branch?: string;
  readonly maxForwards?: number | null;
  readonly headers?: readonly string[];
  readonly body?: string;
}

/** A well-formed request (Via, From with tag, To, Call-ID, CSeq, Max-Forwards, Content-Length). */
export function buildRequest(spec: RequestSpec): string {
  const body = spec.body ?? '';
  const lines = [
    `${spec.method} ${spec.ruri} SIP/2.0`,
    `Via: SIP/2.0/${spec.viaTransport ?? 'WS'} ${spec.viaHost ?? 'client.invalid'};branch=${spec.branch ?? 'z9hG4bK' + randomBytes(6).toString('hex')}`,
    ...(spec.maxForwards === null ? [] : [`Max-Forwards: ${spec.maxForwards ?? 70}`]),
    `From: <${spec.from}>;tag=${randomBytes(4).toString('hex')}`,
    `To: <${spec.to}>`,
    `Call-ID: ${spec.callId ?? randomBytes(8).toString('hex')}`,
    `CSeq: ${spec.cseq ?? 1} ${spec.method}`,
    ...(spec.headers ?? []),
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return lines.join('\r\n') + '\r\n\r\n' + body;
}

/** Reads the parameters of one `Digest ...` challenge. */
export function parseChallenge(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.replace(/^Digest\s+/i, '').matchAll(/([a-zA-Z-]+)=(?:"([^"]*)"|([^,\s]+))/g)) {
    out[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? '';
  }
  return out;
}

/** An Authorization value answering `challenge` (qop=auth when offered). */
export function digestAnswer(
  challenge: string,
  o: { username: string; password: string; method: string; uri: string; nc?: string },
): string {
  const c = parseChallenge(challenge);
  const algorithm = (c.algorithm ?? 'MD5') as DigestAlgorithm;
  const realm = c.realm ?? '';
  const nonce = c.nonce ?? '';
  const cnonce = randomBytes(4).toString('hex');
  const nc = o.nc ?? '00000001';
  const ha1 = computeHa1(algorithm, o.username, realm, o.password);
  const response = computeDigestResponse({
    algorithm,
    ha1,
    nonce,
    method: o.method,
    uri: o.uri,
    qop: 'auth',
    nc,
    cnonce,
  });
  return (
    `Digest username="${o.username}", realm="${realm}", nonce="${nonce}", uri="${o.uri}", ` +
    `response="${response}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}"`
  );
}
