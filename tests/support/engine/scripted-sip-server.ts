/**
 * An in-memory SIP peer for unit tests of the phone engine: it plugs into SIP.js as its
 * `Transport` and lets a test play the service's part message by message (SIP.js's own test
 * suite does the same with `transport-fake.ts`). Messages from the engine are parsed with
 * SIP.js's parser; what we send back is plain SIP text (RFC 3261 §7).
 */
import { Core, EmitterImpl, TransportState } from 'sip.js';
import type { Transport } from 'sip.js';

type Request = Core.IncomingRequestMessage;
type Response = Core.IncomingResponseMessage;
type Message = Request | Response;

const parserLogger = new Core.LoggerFactory().getLogger('sip.test');

let counter = 0;
const token = (): string => `t${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface ReplyOptions {
  readonly reason?: string;
  readonly headers?: readonly string[];
  readonly body?: string;
  /** To-tag to add when the request has none (default: a fresh one, fixed per Call-ID). */
  readonly toTag?: string;
}

/** Enough of a dialog to send an in-dialog request (RFC 3261 §12.2.1.1). */
export interface DialogIds {
  readonly requestUri: string;
  /** Our side, with tag. */
  readonly from: string;
  /** The engine's side, with tag. */
  readonly to: string;
  readonly callId: string;
}

export interface SentInvite {
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  readonly branch: string;
  readonly requestUri: string;
}

export const FAKE_SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=rtpmap:111 opus/48000/2',
  '',
].join('\r\n');

export class ScriptedSipServer {
  /** When true, `connect()` fails as if the service were down. */
  refuseConnections = false;
  /** How many times the engine tried to connect. */
  connectAttempts = 0;
  private readonly attemptWaiters: { count: number; resolve: () => void }[] = [];
  transport: FakeTransport | undefined;
  readonly log: Message[] = [];
  private readonly unread: Message[] = [];
  private readonly waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  private readonly toTags = new Map<string, string>();
  private cseq = 100;

  /** Pass as `transportConstructor` in the engine options. */
  get transportConstructor(): new () => Transport {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below needs this server
    const server = this;
    return class extends FakeTransport {
      constructor() {
        super(server);
        server.transport = this;
      }
    };
  }

  /** Called by the transport for every message the engine sends. */
  receive(text: string): void {
    const message = Core.Parser.parseMessage(text, parserLogger);
    if (!message) throw new Error(`Engine sent unparsable SIP:\n${text}`);
    this.log.push(message);
    const index = this.waiters.findIndex((w) => w.match(message));
    if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message);
    else this.unread.push(message);
  }

  /** Next unread message matching `match` (already received or still to come). */
  next<T extends Message>(match: (m: Message) => boolean, timeoutMs = 2000): Promise<T> {
    const index = this.unread.findIndex(match);
    if (index >= 0) return Promise.resolve(this.unread.splice(index, 1)[0] as T);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        match,
        resolve: (m: Message) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `No matching SIP message within ${timeoutMs} ms; got ${this.log.map(describe).join(', ')}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  nextRequest(method: string, timeoutMs?: number): Promise<Request> {
    return this.next<Request>(
      (m) => m instanceof Core.IncomingRequestMessage && m.method === method,
      timeoutMs,
    );
  }

  nextResponse(method: string, statusCode?: number, timeoutMs?: number): Promise<Response> {
    return this.next<Response>(
      (m) =>
        m instanceof Core.IncomingResponseMessage &&
        m.method === method &&
        (statusCode === undefined || m.statusCode === statusCode),
      timeoutMs,
    );
  }

  /** Sends a response to a request the engine sent (RFC 3261 §8.2.6). */
  reply(request: Request, code: number, options: ReplyOptions = {}): void {
    const callId = request.callId;
    let to = request.getHeader('to') ?? '';
    if (code > 100 && !/;\s*tag=/i.test(to)) {
      let tag = options.toTag ?? this.toTags.get(callId);
      if (!tag) {
        tag = token();
        this.toTags.set(callId, tag);
      }
      to += `;tag=${tag}`;
    }
    const lines = [
      `SIP/2.0 ${code} ${options.reason ?? reasonPhrase(code)}`,
      ...request.getHeaders('via').map((v) => `Via: ${v}`),
      `From: ${request.getHeader('from')}`,
      `To: ${to}`,
      `Call-ID: ${callId}`,
      `CSeq: ${request.getHeader('cseq')}`,
      ...(options.headers ?? []),
    ];
    // A 1xx that makes an early dialog carries the callee's Contact (RFC 3261 §12.1.1).
    if (request.method === 'INVITE' && code > 100 && code < 200 && !lines.some((l) => /^contact:/i.test(l))) {
      lines.push('Contact: <sip:callee@127.0.0.1;transport=ws>');
    }
    this.deliver(lines, options.body);
  }

  /** 401 with an MD5 digest challenge (RFC 3261 §22.4). */
  challenge(request: Request): void {
    this.reply(request, 401, {
      headers: [`WWW-Authenticate: Digest realm="localhost", nonce="${token()}", qop="auth", algorithm=MD5`],
    });
  }

  /** Answers a REGISTER with 200 and the binding it asked for (RFC 3261 §10.3 step 8). */
  acceptRegister(request: Request, expires = 300): void {
    const contact = request.getHeader('contact') ?? '';
    this.reply(request, 200, {
      headers: [`Contact: ${contact.replace(/;expires=\d+/, '')};expires=${expires}`],
    });
  }

  /** Answers an INVITE with 200 OK + SDP, as the callee would. Returns the dialog as seen by the callee. */
  acceptInvite(invite: Request): DialogIds {
    const toTag = this.toTags.get(invite.callId) ?? token();
    this.toTags.set(invite.callId, toTag);
    this.reply(invite, 200, {
      toTag,
      headers: ['Contact: <sip:callee@127.0.0.1;transport=ws>', 'Content-Type: application/sdp'],
      body: FAKE_SDP,
    });
    const contact = invite.getHeader('contact') ?? '';
    return {
      requestUri: /<([^>]+)>/.exec(contact)?.[1] ?? contact,
      from: `${invite.getHeader('to')};tag=${toTag}`,
      to: invite.getHeader('from') ?? '',
      callId: invite.callId,
    };
  }

  /** Sends an INVITE to the engine, as the proxy would forward a caller's. */
  sendInvite(opts: { fromUser: string; toUser: string; displayName?: string; domain?: string }): SentInvite {
    const domain = opts.domain ?? 'localhost';
    const invite: SentInvite = {
      callId: token(),
      branch: `z9hG4bK${token()}`,
      from: `${opts.displayName ? `"${opts.displayName}" ` : ''}<sip:${opts.fromUser}@${domain}>;tag=${token()}`,
      to: `<sip:${opts.toUser}@${domain}>`,
      requestUri: `sip:${opts.toUser}@${domain}`,
    };
    this.deliver(
      [
        `INVITE ${invite.requestUri} SIP/2.0`,
        `Via: SIP/2.0/WSS proxy.invalid;branch=${invite.branch}`,
        'Max-Forwards: 69',
        `From: ${invite.from}`,
        `To: ${invite.to}`,
        `Call-ID: ${invite.callId}`,
        'CSeq: 1 INVITE',
        `Contact: <sip:${opts.fromUser}@proxy.invalid;transport=ws>`,
        'Content-Type: application/sdp',
      ],
      FAKE_SDP,
    );
    return invite;
  }

  /** CANCEL for an INVITE we sent (RFC 3261 §9.1), optionally with a `Reason` (RFC 3326). */
  sendCancel(invite: SentInvite, reason?: string): void {
    this.deliver([
      `CANCEL ${invite.requestUri} SIP/2.0`,
      `Via: SIP/2.0/WSS proxy.invalid;branch=${invite.branch}`,
      'Max-Forwards: 70',
      `From: ${invite.from}`,
      `To: ${invite.to}`,
      `Call-ID: ${invite.callId}`,
      'CSeq: 1 CANCEL',
      ...(reason ? [`Reason: ${reason}`] : []),
    ]);
  }

  /** The dialog of an INVITE we sent, once the engine answered it with `response` (2xx). */
  dialogOf(invite: SentInvite, response: Response): DialogIds {
    const contact = response.getHeader('contact') ?? '';
    return {
      requestUri: /<([^>]+)>/.exec(contact)?.[1] ?? contact,
      from: invite.from,
      to: response.getHeader('to') ?? '',
      callId: invite.callId,
    };
  }

  /** ACK or BYE (or any request) inside a dialog. */
  sendInDialog(method: 'ACK' | 'BYE', dialog: DialogIds, cseq?: number): void {
    const seq = cseq ?? ++this.cseq;
    this.deliver([
      `${method} ${dialog.requestUri} SIP/2.0`,
      `Via: SIP/2.0/WSS proxy.invalid;branch=z9hG4bK${token()}`,
      'Max-Forwards: 70',
      `From: ${dialog.from}`,
      `To: ${dialog.to}`,
      `Call-ID: ${dialog.callId}`,
      `CSeq: ${seq} ${method}`,
    ]);
  }

  /** Resolves once the engine has tried to connect `count` times in all. */
  untilConnectAttempts(count: number): Promise<void> {
    if (this.connectAttempts >= count) return Promise.resolve();
    return new Promise((resolve) => this.attemptWaiters.push({ count, resolve }));
  }

  /** Called by the transport on each `connect()`. */
  noteConnectAttempt(): void {
    this.connectAttempts += 1;
    for (const w of this.attemptWaiters.filter((w) => this.connectAttempts >= w.count)) {
      this.attemptWaiters.splice(this.attemptWaiters.indexOf(w), 1);
      w.resolve();
    }
  }

  /** The WebSocket drops under the engine. */
  drop(): void {
    this.transport?.simulateDrop();
  }

  private deliver(lines: string[], body = ''): void {
    const text = [...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
    const transport = this.transport;
    if (!transport?.onMessage) throw new Error('Engine is not connected');
    transport.onMessage(text);
  }
}

export class FakeTransport implements Transport {
  readonly protocol = 'WSS';
  readonly stateChange = new EmitterImpl<TransportState>();
  state: TransportState = TransportState.Disconnected;
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  constructor(private readonly server: ScriptedSipServer) {}

  async connect(): Promise<void> {
    this.server.noteConnectAttempt();
    if (this.server.refuseConnections) {
      this.setState(TransportState.Disconnected);
      throw new Error('connection refused');
    }
    this.setState(TransportState.Connected);
    this.onConnect?.();
  }

  async disconnect(): Promise<void> {
    if (this.state === TransportState.Disconnected) return;
    this.setState(TransportState.Disconnected);
    this.onDisconnect?.();
  }

  async dispose(): Promise<void> {
    await this.disconnect();
  }

  isConnected(): boolean {
    return this.state === TransportState.Connected;
  }

  async send(message: string): Promise<void> {
    if (!this.isConnected()) throw new Error('not connected');
    // Asynchronous like a socket, so SIP.js finishes its own bookkeeping first.
    queueMicrotask(() => this.server.receive(message));
  }

  simulateDrop(): void {
    this.setState(TransportState.Disconnected);
    this.onDisconnect?.(new Error('WebSocket closed (1006)'));
  }

  private setState(state: TransportState): void {
    this.state = state;
    this.stateChange.emit(state);
  }
}

function describe(m: Message): string {
  return m instanceof Core.IncomingRequestMessage ? m.method : `${m.statusCode} ${m.method}`;
}

function reasonPhrase(code: number): string {
  const phrases: Record<number, string> = {
    100: 'Trying',
    180: 'Ringing',
    183: 'Session Progress',
    200: 'OK',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    408: 'Request Timeout',
    480: 'Temporarily Unavailable',
    486: 'Busy Here',
    487: 'Request Terminated',
    500: 'Server Internal Error',
    600: 'Busy Everywhere',
    603: 'Decline',
  };
  return phrases[code] ?? 'Unknown';
}
