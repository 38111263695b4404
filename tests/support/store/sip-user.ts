/**
 * A minimal SIP user agent over WebSocket for store tests: REGISTER and MESSAGE with digest
 * authentication (RFC 3261 §22; the nonce of the first challenge is reused with a fresh cnonce and the next
 * nonce count, RFC 7616 §3.4, as the service refuses a count it has seen), and a device that answers every MESSAGE it is sent with 200 and
 * records it. Responses are matched by Call-ID, so requests may be pipelined.
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { digestAnswer, readFrame, type RawFrame } from '../sip/raw-sip-client.js';

export interface Arrival {
  readonly id: string;
  readonly body: string;
  readonly seq: number;
}

export class SipUser {
  /** Chat MESSAGEs this device received (receipts left out), in arrival order. */
  readonly arrivals: Arrival[] = [];
  private readonly waiting = new Map<
    string,
    { resolve: (f: RawFrame) => void; reject: (e: Error) => void }
  >();
  private readonly host = `${randomBytes(4).toString('hex')}.invalid`;
  private challenge: { header: string; value: string } | undefined;
  private nonceCount = 0;
  private cseq = 1;

  private constructor(
    private readonly ws: WebSocket,
    readonly username: string,
    private readonly password: string,
    private readonly domain: string,
  ) {
    ws.on('message', (data) => this.onFrame(readFrame(data.toString())));
    // A request in flight when the connection dies never gets its answer.
    ws.on('close', () => {
      for (const { reject } of this.waiting.values()) reject(new Error('connection closed'));
      this.waiting.clear();
    });
  }

  static connect(sipUrl: string, domain: string, username: string, password: string): Promise<SipUser> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(sipUrl, ['sip']);
      const user = new SipUser(ws, username, password, domain);
      ws.once('open', () => resolve(user));
      ws.once('error', reject);
    });
  }

  /** REGISTER (answering the 401). Resolves with the final status. */
  async register(expires = 600): Promise<number> {
    const aor = `sip:${this.username}@${this.domain}`;
    const res = await this.authed('REGISTER', `sip:${this.domain}`, aor, aor, [
      `Contact: <sip:${this.username}@${this.host};transport=ws>;expires=${expires}`,
    ]);
    return res.status;
  }

  /** One chat MESSAGE with a sender-chosen id; resolves with the final status. */
  async message(to: string, id: string, body: string): Promise<number> {
    const uri = `sip:${to}@${this.domain}`;
    const res = await this.authed(
      'MESSAGE',
      uri,
      `sip:${this.username}@${this.domain}`,
      uri,
      ['Content-Type: text/plain;charset=utf-8', `Parley-Message-Id: ${id}`],
      body,
    );
    return res.status;
  }

  close(): void {
    this.ws.close();
  }

  /** RFC 7616 §3.4: eight hex digits, one more for every request answered with the same nonce. */
  private nextNonceCount(): string {
    this.nonceCount += 1;
    return this.nonceCount.toString(16).padStart(8, '0');
  }

  private async authed(
    method: string,
    ruri: string,
    from: string,
    to: string,
    headers: string[],
    body = '',
  ): Promise<RawFrame> {
    const callId = randomBytes(8).toString('hex');
    const send = (extra: string[]): Promise<RawFrame> =>
      this.request(method, ruri, from, to, callId, [...headers, ...extra], body);
    const credentials = (): string[] =>
      this.challenge === undefined
        ? []
        : [
            `${this.challenge.header}: ${digestAnswer(this.challenge.value, {
              username: this.username,
              password: this.password,
              method,
              uri: ruri,
              nc: this.nextNonceCount(),
            })}`,
          ];
    let res = await send(method === 'REGISTER' ? [] : credentials());
    if (res.status === 401 || res.status === 407) {
      const name = res.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
      const md5 = res.headers(name).find((v) => /algorithm=MD5/i.test(v)) ?? res.header(name)!;
      const challenge = { header: res.status === 401 ? 'Authorization' : 'Proxy-Authorization', value: md5 };
      let nc: string | undefined;
      if (method !== 'REGISTER') {
        this.challenge = challenge;
        this.nonceCount = 0;
        nc = this.nextNonceCount();
      }
      res = await send([
        `${challenge.header}: ${digestAnswer(challenge.value, { username: this.username, password: this.password, method, uri: ruri, ...(nc ? { nc } : {}) })}`,
      ]);
    }
    return res;
  }

  private request(
    method: string,
    ruri: string,
    from: string,
    to: string,
    callId: string,
    headers: string[],
    body: string,
  ): Promise<RawFrame> {
    const lines = [
      `${method} ${ruri} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.host};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `From: <${from}>;tag=${randomBytes(4).toString('hex')}`,
      `To: <${to}>`,
      `Call-ID: ${callId}`,
      `CSeq: ${this.cseq++} ${method}`,
      ...headers,
      `Content-Length: ${Buffer.byteLength(body)}`,
    ];
    return new Promise((resolve, reject) => {
      if (this.ws.readyState !== WebSocket.OPEN) {
        reject(new Error('connection closed'));
        return;
      }
      this.waiting.set(callId, { resolve, reject });
      this.ws.send(lines.join('\r\n') + '\r\n\r\n' + body);
    });
  }

  private onFrame(f: RawFrame): void {
    if (f.status >= 200) {
      const callId = f.header('Call-ID') ?? '';
      const waiter = this.waiting.get(callId);
      this.waiting.delete(callId);
      waiter?.resolve(f);
      return;
    }
    if (f.method !== 'MESSAGE') return;
    const body = f.text.slice(f.text.indexOf('\r\n\r\n') + 4);
    if ((f.header('Content-Type') ?? '').startsWith('text/plain')) {
      this.arrivals.push({
        id: f.header('Parley-Message-Id') ?? '',
        body,
        seq: Number(f.header('Parley-Seq') ?? '0'),
      });
    }
    const response = [
      'SIP/2.0 200 OK',
      ...f.headers('Via').map((v) => `Via: ${v}`),
      `From: ${f.header('From')}`,
      `To: ${f.header('To')};tag=${randomBytes(4).toString('hex')}`,
      `Call-ID: ${f.header('Call-ID')}`,
      `CSeq: ${f.header('CSeq')}`,
      'Content-Length: 0',
    ];
    this.ws.send(response.join('\r\n') + '\r\n\r\n');
  }
}
