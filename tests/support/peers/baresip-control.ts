/**
 * baresip's `ctrl_tcp` module: JSON in netstrings (https://cr.yp.to/proto/netstrings.txt) over TCP.
 * Commands are the menu's (`dial`, `accept`, `hangup`, …) and answer with a response carrying our
 * token; calls report events (`CALL_RINGING`, `CALL_ESTABLISHED`, `CALL_CLOSED`, …) on the same socket.
 */
import net from 'node:net';

export interface BaresipEvent {
  readonly event: true;
  /** e.g. `call`, `register`. */
  readonly class?: string;
  /** e.g. `CALL_INCOMING`, `CALL_RINGING`, `CALL_ESTABLISHED`, `CALL_CLOSED`, `REGISTER_OK`. */
  readonly type: string;
  readonly accountaor?: string;
  readonly direction?: string;
  readonly peeruri?: string;
  readonly id?: string;
  readonly param?: string;
}

export interface BaresipResponse {
  readonly response: true;
  readonly ok: boolean;
  readonly data?: string;
  readonly token?: string;
}

interface Waiter {
  readonly match: (event: BaresipEvent) => boolean;
  readonly resolve: (event: BaresipEvent) => void;
}

export class BaresipControl {
  readonly #socket: net.Socket;
  #buffer = Buffer.alloc(0);
  #token = 0;
  readonly #responses = new Map<string, (response: BaresipResponse) => void>();
  readonly #events: BaresipEvent[] = [];
  readonly #waiters = new Set<Waiter>();

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
  }

  static async connect(port: number): Promise<BaresipControl> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('error', () => undefined); // the process ending closes the socket; stop() handles it
    return new BaresipControl(socket);
  }

  /** Runs a menu command and resolves to its response. */
  command(command: string, params?: string): Promise<BaresipResponse> {
    const token = String(++this.#token);
    const json = JSON.stringify({ command, ...(params === undefined ? {} : { params }), token });
    const body = Buffer.from(json, 'utf8');
    return new Promise<BaresipResponse>((resolve, reject) => {
      this.#responses.set(token, resolve);
      this.#socket.write(Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]), (error) => {
        if (error) reject(error);
      });
    });
  }

  /** Every event so far. */
  get events(): readonly BaresipEvent[] {
    return this.#events;
  }

  /**
   * The first event (already received or still to come) that `match` accepts.
   * @throws after `timeoutMs` with the event types seen, so a failure says what happened instead.
   */
  waitForEvent(
    match: (event: BaresipEvent) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<BaresipEvent> {
    const seen = this.#events.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<BaresipEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(
          new Error(
            `baresip: no ${what} in ${timeoutMs} ms; events: ${this.#events.map((e) => e.type).join(', ')}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /** The first event of `type` (optionally after the `index`-th one: `index` events of that type skipped). */
  waitForType(type: string, timeoutMs?: number, index = 0): Promise<BaresipEvent> {
    let count = 0;
    return this.waitForEvent((e) => e.type === type && count++ === index, type, timeoutMs);
  }

  close(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const colon = this.#buffer.indexOf(0x3a);
      if (colon === -1) return;
      const length = Number(this.#buffer.toString('ascii', 0, colon));
      if (!Number.isInteger(length)) throw new Error(`baresip ctrl_tcp: bad netstring length`);
      if (this.#buffer.length < colon + 1 + length + 1) return;
      const json = this.#buffer.toString('utf8', colon + 1, colon + 1 + length);
      this.#buffer = this.#buffer.subarray(colon + 1 + length + 1);
      this.#onMessage(JSON.parse(json) as BaresipEvent | BaresipResponse);
    }
  }

  #onMessage(message: BaresipEvent | BaresipResponse): void {
    if ('response' in message) {
      const token = message.token ?? '';
      this.#responses.get(token)?.(message);
      this.#responses.delete(token);
      return;
    }
    this.#events.push(message);
    for (const waiter of this.#waiters) {
      if (waiter.match(message)) {
        this.#waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
  }
}
