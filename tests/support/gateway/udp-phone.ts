/**
 * A plain SIP phone over UDP for the gateway tests, hand-written on RawPlainClient: registers and calls
 * with digest (RFC 3261 §22), ACKs, BYE and CANCEL, answers calls and BYEs — just enough of a UA to see
 * what the gateway sends and when, with no SIP stack hiding it.
 */
import { randomBytes } from 'node:crypto';
import { RawPlainClient } from '../sip/raw-plain-client.js';
import { digestAnswer, type RawFrame } from '../sip/raw-sip-client.js';
import { Inbox } from '../sip/sipjs-phone.js';

const tok = (): string => randomBytes(5).toString('hex');

export interface PlacedCall {
  readonly callId: string;
  /** Every response to the INVITE after authentication, in order. */
  readonly responses: Inbox<RawFrame>;
  /** The final response (2xx already ACKed). */
  readonly final: Promise<RawFrame>;
  /** A BYE from the far end (answered 200). */
  readonly byeReceived: Promise<RawFrame>;
  bye(): Promise<RawFrame>;
  /** Sends a request inside the dialog (e.g. REFER) and resolves with its final response. */
  inDialog(method: string, extra?: string[]): Promise<RawFrame>;
  /** Sends a re-INVITE with `sdp` in the dialog (RFC 3261 §14), ACKs a 2xx, resolves with the final. */
  reinvite(sdp: string): Promise<RawFrame>;
  cancel(): void;
}

export class UdpPhone {
  private readonly byes = new Map<string, (f: RawFrame) => void>();
  readonly invites = new Inbox<RawFrame>();
  readonly requests = new Inbox<RawFrame>();

  private constructor(
    readonly client: RawPlainClient,
    readonly user: string,
    private readonly password: string,
    readonly domain: string,
  ) {
    void this.pump();
  }

  static async open(port: number, user: string, password: string, domain = 'localhost'): Promise<UdpPhone> {
    return new UdpPhone(await RawPlainClient.connect('udp', port), user, password, domain);
  }

  get contact(): string {
    return `<sip:${this.user}@${this.client.viaHost};transport=udp>`;
  }

  /** Requests from the service: BYE answered at once; INVITEs queued; others answered 200. */
  private async pump(): Promise<void> {
    for (;;) {
      const f = await this.client.frames.next();
      if (f.status !== 0) {
        this.responses.push(f);
        continue;
      }
      if (f.method === 'ACK') {
        this.requests.push(f);
        continue;
      }
      if (f.method === 'INVITE') {
        this.invites.push(f);
        continue;
      }
      this.client.send(this.response(f, 200, 'OK'));
      if (f.method === 'BYE') this.byes.get(f.header('Call-ID') ?? '')?.(f);
      this.requests.push(f);
    }
  }

  private readonly responses = new Inbox<RawFrame>();
  private readonly waiting: RawFrame[] = [];

  /** The next response matching `predicate` (others are kept for later waits). */
  async nextResponse(predicate: (f: RawFrame) => boolean): Promise<RawFrame> {
    const at = this.waiting.findIndex(predicate);
    if (at >= 0) return this.waiting.splice(at, 1)[0]!;
    for (;;) {
      const f = await this.responses.next();
      if (predicate(f)) return f;
      this.waiting.push(f);
    }
  }

  /** A response to a request from the service, copying its Via, From, To (tag added), Call-ID, CSeq. */
  response(
    req: RawFrame,
    status: number,
    reason: string,
    opts: { toTag?: string; sdp?: string } = {},
  ): string {
    const to = req.header('To') ?? '';
    const lines = [
      `SIP/2.0 ${status} ${reason}`,
      ...req.headers('Via').map((v) => `Via: ${v}`),
      ...(status > 100 && status < 300 ? req.headers('Record-Route').map((v) => `Record-Route: ${v}`) : []),
      `From: ${req.header('From') ?? ''}`,
      `To: ${opts.toTag && !/;tag=/.test(to) ? `${to};tag=${opts.toTag}` : to}`,
      `Call-ID: ${req.header('Call-ID') ?? ''}`,
      `CSeq: ${req.header('CSeq') ?? ''}`,
      ...(status > 100 && status < 300 ? [`Contact: ${this.contact}`] : []),
      ...(opts.sdp ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(opts.sdp ?? '')}`,
    ];
    return lines.join('\r\n') + '\r\n\r\n' + (opts.sdp ?? '');
  }

  private request(
    method: string,
    ruri: string,
    o: {
      callId: string;
      fromTag: string;
      to: string;
      cseq: number;
      branch?: string;
      extra?: string[];
      body?: string;
    },
  ): string {
    const body = o.body ?? '';
    return (
      [
        `${method} ${ruri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${this.client.viaHost};branch=${o.branch ?? 'z9hG4bK' + tok()};rport`,
        'Max-Forwards: 70',
        `From: "Alice Private" <sip:${this.user}@${this.domain}>;tag=${o.fromTag}`,
        `To: ${o.to}`,
        `Call-ID: ${o.callId}`,
        `CSeq: ${o.cseq} ${method}`,
        `Contact: ${this.contact}`,
        'User-Agent: secret-device/1.0',
        ...(o.extra ?? []),
        ...(body ? ['Content-Type: application/sdp'] : []),
        `Content-Length: ${Buffer.byteLength(body)}`,
      ].join('\r\n') +
      '\r\n\r\n' +
      body
    );
  }

  async register(): Promise<void> {
    const callId = `reg-${tok()}`;
    const fromTag = tok();
    const ruri = `sip:${this.domain}`;
    const to = `<sip:${this.user}@${this.domain}>`;
    const send = (cseq: number, extra: string[] = []): Promise<RawFrame> => {
      this.client.send(
        this.request('REGISTER', ruri, { callId, fromTag, to, cseq, extra: ['Expires: 600', ...extra] }),
      );
      return this.nextResponse((f) => f.header('Call-ID') === callId && f.status >= 200);
    };
    const first = await send(1);
    if (first.status !== 401) throw new Error(`REGISTER: expected 401, got ${first.status}`);
    const auth = digestAnswer(first.header('WWW-Authenticate') ?? '', {
      username: this.user,
      password: this.password,
      method: 'REGISTER',
      uri: ruri,
    });
    const second = await send(2, [`Authorization: ${auth}`]);
    if (second.status !== 200) throw new Error(`REGISTER failed: ${second.status}`);
  }

  /** Places a call to `target` (a SIP URI) with `sdp`, answering the proxy's digest challenge. */
  async call(target: string, sdp: string): Promise<PlacedCall> {
    const callId = `call-${tok()}`;
    const fromTag = tok();
    const to = `<${target}>`;
    const branch1 = 'z9hG4bK' + tok();
    this.client.send(
      this.request('INVITE', target, { callId, fromTag, to, cseq: 1, branch: branch1, body: sdp }),
    );
    const challenge = await this.nextResponse((f) => f.header('Call-ID') === callId && f.status >= 200);
    if (challenge.status !== 407) throw new Error(`INVITE: expected 407, got ${challenge.status}`);
    // §17.1.1.3: the ACK of a non-2xx final response (same branch, the response's To).
    this.client.send(
      this.request('ACK', target, {
        callId,
        fromTag,
        to: challenge.header('To') ?? to,
        cseq: 1,
        branch: branch1,
      }),
    );
    const auth = digestAnswer(challenge.header('Proxy-Authenticate') ?? '', {
      username: this.user,
      password: this.password,
      method: 'INVITE',
      uri: target,
    });
    const branch2 = 'z9hG4bK' + tok();
    this.client.send(
      this.request('INVITE', target, {
        callId,
        fromTag,
        to,
        cseq: 2,
        branch: branch2,
        extra: [`Proxy-Authorization: ${auth}`],
        body: sdp,
      }),
    );
    const responses = new Inbox<RawFrame>();
    let dialog: { to: string; target: string; routes: string[] } | undefined;
    let byeResolve: (f: RawFrame) => void = () => undefined;
    const byeReceived = new Promise<RawFrame>((resolve) => (byeResolve = resolve));
    this.byes.set(callId, byeResolve);
    const final = (async () => {
      for (;;) {
        const f = await this.nextResponse(
          (r) => r.header('Call-ID') === callId && /INVITE/.test(r.header('CSeq') ?? ''),
        );
        responses.push(f);
        if (f.status < 200) continue;
        if (f.status < 300) {
          const contact = /<([^>]+)>/.exec(f.header('Contact') ?? '')?.[1] ?? target;
          dialog = {
            to: f.header('To') ?? to,
            target: contact,
            routes: [...f.headers('Record-Route')].reverse(),
          };
          this.client.send(
            this.request('ACK', contact, {
              callId,
              fromTag,
              to: dialog.to,
              cseq: 2,
              extra: dialog.routes.map((r) => `Route: ${r}`),
            }),
          );
        } else {
          this.client.send(
            this.request('ACK', target, {
              callId,
              fromTag,
              to: f.header('To') ?? to,
              cseq: 2,
              branch: branch2,
            }),
          );
        }
        return f;
      }
    })();
    let cseq = 3;
    const inDialog = async (method: string, extra: string[] = [], body = ''): Promise<RawFrame> => {
      if (!dialog) throw new Error('no dialog');
      const n = cseq++;
      this.client.send(
        this.request(method, dialog.target, {
          callId,
          fromTag,
          to: dialog.to,
          cseq: n,
          extra: [...dialog.routes.map((r) => `Route: ${r}`), ...extra],
          body,
        }),
      );
      return this.nextResponse(
        (f) => f.header('Call-ID') === callId && f.header('CSeq') === `${n} ${method}` && f.status >= 200,
      );
    };
    const reinvite = async (sdp: string): Promise<RawFrame> => {
      const final = await inDialog('INVITE', [], sdp);
      if (dialog && final.status >= 200 && final.status < 300) {
        const n = Number((final.header('CSeq') ?? '').split(' ')[0]);
        this.client.send(
          this.request('ACK', dialog.target, {
            callId,
            fromTag,
            to: dialog.to,
            cseq: n,
            extra: dialog.routes.map((r) => `Route: ${r}`),
          }),
        );
      }
      return final;
    };
    return {
      callId,
      responses,
      inDialog,
      reinvite,
      final,
      byeReceived,
      bye: () => inDialog('BYE'),
      cancel: () => {
        this.client.send(
          [
            `CANCEL ${target} SIP/2.0`,
            `Via: SIP/2.0/UDP ${this.client.viaHost};branch=${branch2};rport`,
            'Max-Forwards: 70',
            `From: "Alice Private" <sip:${this.user}@${this.domain}>;tag=${fromTag}`,
            `To: ${to}`,
            `Call-ID: ${callId}`,
            'CSeq: 2 CANCEL',
            'Content-Length: 0',
          ].join('\r\n') + '\r\n\r\n',
        );
      },
    };
  }

  close(): void {
    this.client.close();
  }
}

/** A plain RTP/AVP offer (PCMU + telephone-event) for media at `port`. */
export function plainSdp(port: number): string {
  return [
    'v=0',
    'o=alice-private 1 1 IN IP4 127.0.0.1',
    's=alice session',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=sendrecv',
    '',
  ].join('\r\n');
}
