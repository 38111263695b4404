/**
 * A raw SIP-over-WebSocket user agent for load that is held, not raced (bench/memory.ts, bench/soak.ts,
 * tests/integration/soak): REGISTER, MESSAGE, and calls placed and answered (INVITE → 407 → ACK → INVITE
 * with credentials → 180 → 200 → ACK, later BYE), with no SIP stack and no media. Digest answers reuse
 * the last challenge with the next nonce count (RFC 7616 §3.4) and fall back to a fresh one; the ACK of a
 * non-2xx final goes out at once (RFC 3261 §17.1.1.3), so the service's INVITE transaction ends. Every
 * incoming INVITE is answered 180 then 200 (RFC 3261 §12.1.1: Record-Route copied, our Contact), every
 * BYE and MESSAGE 200. Anything unexpected is counted in `errors` with a line in `problems`.
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { digestAnswer, readFrame, type RawFrame } from '../sip/raw-sip-client.js';

/** A confirmed call (either side): enough to send the BYE of RFC 3261 §15.1.1. */
export interface SoakDialog {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly localUri: string;
  readonly remoteUri: string;
  readonly remoteTarget: string;
  /** Route set in the order the requests of this side use it (§12.1.1, §12.1.2). */
  readonly routes: readonly string[];
}

type Waiter = (f: RawFrame) => void;

const SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

export class SoakUser {
  errors = 0;
  readonly problems: string[] = [];
  /** Calls answered here (as callee) and not ended yet, by Call-ID. */
  readonly answered = new Map<string, SoakDialog>();
  messagesReceived = 0;
  private readonly waiting = new Map<string, Waiter>();
  private readonly host = `${randomBytes(4).toString('hex')}.invalid`;
  private readonly contact: string;
  private challenge: { header: string; value: string } | undefined;
  private nonceCount = 0;
  private cseq = 1;
  private closing = false;

  private constructor(
    private readonly ws: WebSocket,
    readonly username: string,
    private readonly password: string,
    private readonly domain: string,
  ) {
    this.contact = `<sip:${username}@${this.host};transport=ws>`;
    ws.on('message', (data) => this.onFrame(readFrame(data.toString())));
    ws.on('close', (code, reason) => {
      if (!this.closing) this.problem(`connection closed by the service (${code} ${reason.toString()})`);
      for (const w of this.waiting.values()) w(readFrame('SIP/2.0 599 Connection Closed\r\n\r\n'));
      this.waiting.clear();
    });
  }

  static connect(sipUrl: string, domain: string, username: string, password: string): Promise<SoakUser> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(sipUrl, ['sip']);
      const user = new SoakUser(ws, username, password, domain);
      ws.once('open', () => resolve(user));
      ws.once('error', reject);
    });
  }

  get aor(): string {
    return `sip:${this.username}@${this.domain}`;
  }

  /** REGISTER answering the 401; resolves with the final status. */
  async register(expires = 3600): Promise<number> {
    const res = await this.authed('REGISTER', `sip:${this.domain}`, this.aor, newCallId(), [
      `Contact: ${this.contact};expires=${expires}`,
    ]);
    return res.status;
  }

  /** One chat MESSAGE to `to`; resolves with the final status. */
  async message(to: string, body: string): Promise<number> {
    const uri = `sip:${to}@${this.domain}`;
    const res = await this.authed(
      'MESSAGE',
      uri,
      uri,
      newCallId(),
      ['Content-Type: text/plain;charset=utf-8', `Parley-Message-Id: ${randomBytes(8).toString('hex')}`],
      body,
    );
    return res.status;
  }

  /** INVITE `to` through the proxy and ACK its 200: resolves with the dialog, or the failing status. */
  async call(to: string): Promise<SoakDialog | number> {
    const uri = `sip:${to}@${this.domain}`;
    const callId = newCallId();
    const res = await this.authed('INVITE', uri, uri, callId, ['Content-Type: application/sdp'], SDP);
    if (res.status !== 200) return res.status;
    const dialog: SoakDialog = {
      callId,
      localTag: tagOf(res.header('From')),
      remoteTag: tagOf(res.header('To')),
      localUri: this.aor,
      remoteUri: uri,
      remoteTarget: uriOf(res.header('Contact') ?? uri),
      // §12.1.2: the UAC's route set is the Record-Route of the 2xx, reversed.
      routes: splitList(res.headers('Record-Route')).reverse(),
    };
    const cseq = Number((res.header('CSeq') ?? '1').split(' ')[0]);
    this.ws.send(this.inDialog('ACK', dialog, cseq, newBranch()));
    return dialog;
  }

  /** BYE in `dialog` (RFC 3261 §15.1.1); resolves with the final status. */
  async hangUp(dialog: SoakDialog): Promise<number> {
    this.answered.delete(dialog.callId);
    const cseq = this.cseq++;
    const text = this.inDialog('BYE', dialog, cseq, newBranch());
    return (await this.send(text, dialog.callId, `${cseq} BYE`)).status;
  }

  close(): void {
    this.closing = true;
    this.ws.close();
  }

  private problem(what: string): void {
    this.errors++;
    if (this.problems.length < 20) this.problems.push(`${this.username}: ${what}`);
  }

  /** A request answering a 401/407 with the last challenge, or a fresh one when that was refused. */
  private async authed(
    method: string,
    ruri: string,
    to: string,
    callId: string,
    headers: string[],
    body = '',
  ): Promise<RawFrame> {
    const credentials = (): string[] => {
      if (!this.challenge) return [];
      this.nonceCount++;
      const nc = this.nonceCount.toString(16).padStart(8, '0');
      const answer = digestAnswer(this.challenge.value, {
        username: this.username,
        password: this.password,
        method,
        uri: ruri,
        nc,
      });
      return [`${this.challenge.header}: ${answer}`];
    };
    let res = await this.request(method, ruri, to, callId, [...headers, ...credentials()], body);
    if (res.status === 401 || res.status === 407) {
      const name = res.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
      const value = res.headers(name).find((v) => /algorithm=MD5\b/i.test(v)) ?? res.header(name) ?? '';
      this.challenge = { header: res.status === 401 ? 'Authorization' : 'Proxy-Authorization', value };
      this.nonceCount = 0;
      res = await this.request(method, ruri, to, callId, [...headers, ...credentials()], body);
    }
    return res;
  }

  private request(
    method: string,
    ruri: string,
    to: string,
    callId: string,
    headers: string[],
    body: string,
  ): Promise<RawFrame> {
    const cseq = this.cseq++;
    const branch = newBranch();
    const fromTag = randomBytes(4).toString('hex');
    const lines = [
      `${method} ${ruri} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.host};branch=${branch}`,
      'Max-Forwards: 70',
      `From: <${this.aor}>;tag=${fromTag}`,
      `To: <${to}>`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      ...(method === 'INVITE' ? [`Contact: ${this.contact}`] : []),
      ...headers,
      `Content-Length: ${Buffer.byteLength(body)}`,
    ];
    const sent = this.send(lines.join('\r\n') + '\r\n\r\n' + body, callId, `${cseq} ${method}`);
    if (method !== 'INVITE') return sent;
    return sent.then((res) => {
      // §17.1.1.3: the client transaction ACKs a non-2xx final itself, same branch, same To tag.
      if (res.status >= 300 && res.status !== 599) {
        const ack = [
          `ACK ${ruri} SIP/2.0`,
          `Via: SIP/2.0/WSS ${this.host};branch=${branch}`,
          'Max-Forwards: 70',
          `From: <${this.aor}>;tag=${fromTag}`,
          `To: ${res.header('To') ?? `<${to}>`}`,
          `Call-ID: ${callId}`,
          `CSeq: ${cseq} ACK`,
          'Content-Length: 0',
        ];
        this.ws.send(ack.join('\r\n') + '\r\n\r\n');
      }
      return res;
    });
  }

  private send(text: string, callId: string, cseq: string): Promise<RawFrame> {
    return new Promise((resolve) => {
      if (this.ws.readyState !== WebSocket.OPEN) {
        resolve(readFrame('SIP/2.0 599 Connection Closed\r\n\r\n'));
        return;
      }
      this.waiting.set(`${callId}|${cseq}`, resolve);
      this.ws.send(text);
    });
  }

  private inDialog(method: string, d: SoakDialog, cseq: number, branch: string): string {
    return [
      `${method} ${d.remoteTarget} SIP/2.0`,
      `Via: SIP/2.0/WSS ${this.host};branch=${branch}`,
      'Max-Forwards: 70',
      ...d.routes.map((r) => `Route: ${r}`),
      `From: <${d.localUri}>;tag=${d.localTag}`,
      `To: <${d.remoteUri}>;tag=${d.remoteTag}`,
      `Call-ID: ${d.callId}`,
      `CSeq: ${cseq} ${method}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  }

  private onFrame(f: RawFrame): void {
    if (f.status > 0) {
      if (f.status < 200) return;
      const key = `${f.header('Call-ID') ?? ''}|${f.header('CSeq') ?? ''}`;
      const waiter = this.waiting.get(key);
      this.waiting.delete(key);
      if (waiter) waiter(f);
      // A retransmitted 2xx to an INVITE we ACKed already (or any stray final) is harmless.
      return;
    }
    if (f.method === 'ACK') return;
    if (f.method === 'MESSAGE') {
      this.messagesReceived++;
      this.reply(f, 200, randomBytes(4).toString('hex'));
    } else if (f.method === 'BYE') {
      this.answered.delete(f.header('Call-ID') ?? '');
      this.reply(f, 200);
    } else if (f.method === 'INVITE') {
      const tag = randomBytes(4).toString('hex');
      this.reply(f, 180, tag);
      this.reply(f, 200, tag, SDP);
      const from = f.header('From') ?? '';
      this.answered.set(f.header('Call-ID') ?? '', {
        callId: f.header('Call-ID') ?? '',
        localTag: tag,
        remoteTag: tagOf(from),
        localUri: this.aor,
        remoteUri: uriOf(from),
        remoteTarget: uriOf(f.header('Contact') ?? from),
        // §12.1.1: the UAS's route set is the Record-Route of the request, in order.
        routes: splitList(f.headers('Record-Route')),
      });
    } else if (f.method === 'CANCEL' || f.method === 'OPTIONS' || f.method === 'NOTIFY') {
      this.reply(f, 200);
    } else {
      this.problem(`unexpected ${f.method ?? 'frame'}`);
      this.reply(f, 501);
    }
  }

  private reply(f: RawFrame, status: number, toTag?: string, body = ''): void {
    const reason = { 180: 'Ringing', 200: 'OK', 501: 'Not Implemented' }[status] ?? 'OK';
    const to = f.header('To') ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...f.headers('Via').map((v) => `Via: ${v}`),
      ...f.headers('Record-Route').map((v) => `Record-Route: ${v}`),
      `From: ${f.header('From') ?? ''}`,
      `To: ${toTag && !/;tag=/i.test(to) ? `${to};tag=${toTag}` : to}`,
      `Call-ID: ${f.header('Call-ID') ?? ''}`,
      `CSeq: ${f.header('CSeq') ?? ''}`,
      ...(f.method === 'INVITE' ? [`Contact: ${this.contact}`] : []),
      ...(body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
    ];
    this.ws.send(lines.join('\r\n') + '\r\n\r\n' + body);
  }
}

const newCallId = (): string => randomBytes(8).toString('hex');
const newBranch = (): string => 'z9hG4bK' + randomBytes(6).toString('hex');

function tagOf(value: string | undefined): string {
  return /;tag=([^;>\s]+)/i.exec(value ?? '')?.[1] ?? '';
}

/** The URI of a name-addr (`<...>`) or addr-spec value. */
function uriOf(value: string): string {
  const m = /<([^>]+)>/.exec(value);
  return m ? m[1]! : (value.split(';')[0] ?? value).trim();
}

/** Header values that may each hold a comma-separated list of `<uri>;params` entries. */
function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.match(/<[^>]*>[^,]*/g) ?? []).map((s) => s.trim());
}
