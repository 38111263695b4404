/**
 * Raw SIP over UDP or TCP for tests (the plain-SIP twin of raw-sip-client.ts): sends hand-written
 * messages, exactly as given (split into segments when asked), and reads what comes back.
 */
import { createSocket, type Socket } from 'node:dgram';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { StreamFramer } from '../../../server/src/sip/transport/stream-framer.js';
import { readFrame, type RawFrame } from './raw-sip-client.js';
import { Inbox } from './sipjs-phone.js';

export type PlainProtocol = 'udp' | 'tcp';

export class RawPlainClient {
  readonly frames = new Inbox<RawFrame>();
  /** Resolves when the service closes a TCP connection (never for UDP). */
  readonly closed: Promise<void>;
  readonly contactUser = randomBytes(4).toString('hex');
  /** `127.0.0.1:PORT`: our Via sent-by and Contact host. */
  viaHost = '';
  private cseq = 1;
  private pongs = 0;
  private readonly pongWaiters: Array<() => void> = [];

  private constructor(
    readonly protocol: PlainProtocol,
    private readonly udp: Socket | undefined,
    private readonly tcp: net.Socket | undefined,
    private readonly port: number,
  ) {
    if (udp) {
      udp.on('message', (data) => this.frames.push(readFrame(data.toString('utf8'))));
      this.closed = new Promise<void>(() => undefined);
    } else {
      const framer = new StreamFramer(1_000_000);
      tcp!.on('data', (segment: Buffer) => {
        // A CRLF between messages is the service's pong (RFC 5626 §4.4.1).
        if (framer.pending === 0 && segment.subarray(0, 2).toString() === '\r\n') {
          this.pongs++;
          for (const w of this.pongWaiters.splice(0)) w();
        }
        for (const e of framer.push(segment)) if (e.kind === 'message') this.frames.push(readFrame(e.text));
      });
      this.closed = new Promise<void>((resolve) => tcp!.on('close', () => resolve()));
    }
  }

  /** Keep-alive pongs received so far (TCP). */
  get pongCount(): number {
    return this.pongs;
  }

  /** Resolves at the next pong (TCP). */
  nextPong(): Promise<void> {
    return new Promise((resolve) => this.pongWaiters.push(resolve));
  }

  /** `VIA` transport token. */
  get transport(): string {
    return this.protocol.toUpperCase();
  }

  static async connect(protocol: PlainProtocol, port: number): Promise<RawPlainClient> {
    if (protocol === 'udp') {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      const client = new RawPlainClient('udp', socket, undefined, port);
      client.viaHost = `127.0.0.1:${socket.address().port}`;
      return client;
    }
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new RawPlainClient('tcp', undefined, socket, port);
    client.viaHost = `127.0.0.1:${socket.localPort ?? 0}`;
    return client;
  }

  /** Sends bytes as they are; over TCP, `segments` > 1 splits them into that many writes. */
  send(text: string, segments = 1): void {
    const data = Buffer.from(text, 'utf8');
    if (this.udp) {
      this.udp.send(data, this.port, '127.0.0.1');
      return;
    }
    const size = Math.ceil(data.length / segments);
    for (let i = 0; i < data.length; i += size) this.tcp!.write(data.subarray(i, i + size));
  }

  async next(predicate: (f: RawFrame) => boolean = () => true): Promise<RawFrame> {
    for (;;) {
      const f = await this.frames.next();
      if (predicate(f)) return f;
    }
  }

  async request(text: string): Promise<RawFrame> {
    const callId = /\r\nCall-ID: ([^\r]+)/i.exec(text)?.[1];
    this.send(text);
    return this.next((f) => f.status >= 200 && f.header('Call-ID') === callId);
  }

  nextCSeq(): number {
    return this.cseq++;
  }

  close(): void {
    this.udp?.close();
    this.tcp?.destroy();
  }
}
