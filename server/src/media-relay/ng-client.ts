/**
 * A client for rtpengine's ng control protocol over UDP
 * (https://rtpengine.readthedocs.io/en/latest/ng_control_protocol.html).
 *
 * Each request is `COOKIE SP bencoded-dictionary`; the reply repeats the cookie. UDP may lose either,
 * so a request is sent again with the SAME cookie after `timeoutMs`: rtpengine keeps recent replies by
 * cookie and answers a repeat from that cache instead of running the command twice, which makes the
 * retry safe for `offer`/`answer`/`delete`.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import type { Logger } from '../../../common/logger.js';
import { silentLogger } from '../../../common/logger.js';
import { decode, encode, type BencodeValue } from './bencode.js';
import { formatRtpengineAddress, type RtpengineAddress } from './rtpengine-address.js';

export type NgDictionary = { readonly [key: string]: BencodeValue };

/** Why an ng request failed: no reply at all, an unreadable reply, or rtpengine said `error`. */
export type NgErrorCode = 'timeout' | 'bad-reply' | 'refused' | 'closed';

export class NgError extends Error {
  override readonly name = 'NgError';
  constructor(
    readonly code: NgErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface NgClientOptions {
  readonly address: RtpengineAddress;
  /** Wait for a reply this long before sending again (default 500 ms). */
  readonly timeoutMs?: number;
  /** Sends after the first one before giving up (default 2, so 3 sends in all). */
  readonly retries?: number;
  readonly logger?: Logger;
}

interface Pending {
  readonly command: string;
  readonly packet: Buffer;
  readonly resolve: (reply: NgDictionary) => void;
  readonly reject: (error: Error) => void;
  sends: number;
  timer?: NodeJS.Timeout;
}

export class NgClient {
  readonly #address: RtpengineAddress;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #logger: Logger;
  readonly #socket: dgram.Socket;
  readonly #pending = new Map<string, Pending>();
  readonly #cookiePrefix = randomBytes(4).toString('hex');
  #counter = 0;
  #closed = false;

  constructor(options: NgClientOptions) {
    this.#address = options.address;
    this.#timeoutMs = options.timeoutMs ?? 500;
    this.#retries = options.retries ?? 2;
    this.#logger = (options.logger ?? silentLogger).child({ room: 'rtpengine' });
    this.#socket = dgram.createSocket(net.isIPv6(options.address.host) ? 'udp6' : 'udp4');
    this.#socket.on('message', (msg) => this.#onMessage(msg));
    this.#socket.on('error', (error) => this.#logger.warn({ error: error.message }, 'ng socket error'));
    // The socket must not keep the process alive on its own; pending timers do while a request waits.
    this.#socket.unref();
  }

  /** `udp:HOST:PORT` of the rtpengine this client talks to. */
  get target(): string {
    return formatRtpengineAddress(this.#address);
  }

  /**
   * Sends `command` with `params` and resolves to rtpengine's reply dictionary.
   * @throws NgError `timeout` after every send went unanswered, `refused` when the reply's `result` is
   *   `error` (with rtpengine's `error-reason`), `bad-reply` for an unreadable reply.
   */
  request(command: string, params: NgDictionary = {}): Promise<NgDictionary> {
    if (this.#closed) return Promise.reject(new NgError('closed', 'the ng client is closed'));
    const cookie = `${this.#cookiePrefix}_${++this.#counter}`;
    const packet = Buffer.concat([Buffer.from(`${cookie} `, 'ascii'), encode({ ...params, command })]);
    return new Promise<NgDictionary>((resolve, reject) => {
      const pending: Pending = { command, packet, resolve, reject, sends: 0 };
      this.#pending.set(cookie, pending);
      this.#send(cookie, pending);
    });
  }

  /** `ping` → `pong`: resolves when rtpengine answers. */
  async ping(): Promise<void> {
    const reply = await this.request('ping');
    if (reply['result'] !== 'pong') {
      throw new NgError(
        'bad-reply',
        `rtpengine at ${this.target} answered ping with ${String(reply['result'])}`,
      );
    }
  }

  /** Rejects what is still waiting and closes the socket. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [cookie, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(cookie);
      pending.reject(
        new NgError('closed', `the ng client closed before rtpengine answered ${pending.command}`),
      );
    }
    this.#socket.close();
  }

  #send(cookie: string, pending: Pending): void {
    pending.sends += 1;
    this.#socket.send(pending.packet, this.#address.port, this.#address.host, (error) => {
      if (error !== null && error !== undefined) {
        this.#logger.debug({ cookie, error: error.message }, 'ng send failed; the timer retries');
      }
    });
    pending.timer = setTimeout(() => this.#onTimeout(cookie), this.#timeoutMs);
  }

  #onTimeout(cookie: string): void {
    const pending = this.#pending.get(cookie);
    if (pending === undefined) return;
    if (pending.sends <= this.#retries) {
      this.#logger.debug(
        { cookie, command: pending.command, sends: pending.sends },
        'no ng reply yet; sending again',
      );
      this.#send(cookie, pending);
      return;
    }
    this.#pending.delete(cookie);
    pending.reject(
      new NgError(
        'timeout',
        `rtpengine at ${this.target} did not answer ${pending.command} ` +
          `(${pending.sends} sends, ${this.#timeoutMs} ms apart); is rtpengine-daemon installed and running?`,
      ),
    );
  }

  #onMessage(msg: Buffer): void {
    const space = msg.indexOf(0x20);
    if (space <= 0) {
      this.#logger.warn({ bytes: msg.length }, 'ng reply without a cookie; dropped');
      return;
    }
    const cookie = msg.toString('ascii', 0, space);
    const pending = this.#pending.get(cookie);
    // A late duplicate of a reply already taken, or someone else's packet.
    if (pending === undefined) return;
    this.#pending.delete(cookie);
    clearTimeout(pending.timer);
    let reply: BencodeValue;
    try {
      reply = decode(msg.subarray(space + 1));
    } catch (error) {
      pending.reject(
        new NgError(
          'bad-reply',
          `rtpengine's reply to ${pending.command} is not bencode: ${(error as Error).message}`,
        ),
      );
      return;
    }
    if (typeof reply !== 'object' || Array.isArray(reply)) {
      pending.reject(new NgError('bad-reply', `rtpengine's reply to ${pending.command} is not a dictionary`));
      return;
    }
    const dict = reply as NgDictionary;
    if (dict['result'] === 'error') {
      const reason = typeof dict['error-reason'] === 'string' ? dict['error-reason'] : 'no reason given';
      pending.reject(new NgError('refused', `rtpengine refused ${pending.command}: ${reason}`));
      return;
    }
    pending.resolve(dict);
  }
}
