/**
 * SIP over TCP and TLS (RFC 3261 §18, RFC 5630 for TLS): one connection is one flow; messages are
 * framed by Content-Length (stream-framer.ts) and RFC 5626 double-CRLF pings get a CRLF pong. A TLS
 * listener refuses a client that does not speak TLS by closing its connection; nothing else is disturbed.
 *
 * A stream whose framing can no longer be trusted is closed
 * ({@link https://www.rfc-editor.org/rfc/rfc3261#section-18.3 | RFC 3261 §18.3}: Content-Length is how
 * the end of a message is found): when the framer gives up (bad, missing or oversized Content-Length,
 * endless header) the core answers the request at fault if it can (`onFlowUnframable`), and when a
 * framed message fails to parse the core closes the flow after its 400 (sip-core.ts). Whatever else
 * already arrived on that connection is never read: it may be the middle of a message, not a new one.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../../../../common/logger.js';
import type { Flow, FlowEvents, SipTransport } from './flow.js';
import { reachableHost } from './listeners.js';
import { StreamFramer } from './stream-framer.js';
import { listenError } from './udp-transport.js';

export interface StreamTransportOptions {
  readonly protocol: 'tcp' | 'tls';
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  readonly events: FlowEvents;
  readonly logger: Logger;
  /** A connection sending a message larger than this is closed (smaller oversized ones get 513 above). */
  readonly maxFrameBytes: number;
}

export interface StreamTransport extends SipTransport {
  listen(): Promise<{ host: string; port: number }>;
  /**
   * A flow to `address:port` opened by us (RFC 3261 §18.1.1: a request too large for UDP goes over
   * TCP to the same address); reuses an open one. Rejects when the peer does not accept connections.
   */
  connect(address: string, port: number): Promise<Flow>;
}

export function createStreamTransport(options: StreamTransportOptions): StreamTransport {
  const { events, logger } = options;
  const kind = options.protocol === 'tls' ? 'TLS' : 'TCP';
  const sockets = new Set<net.Socket>();
  const outbound = new Map<string, Flow>();
  let sentBy = '';

  const onConnection = (socket: net.Socket): Flow => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const framer = new StreamFramer(options.maxFrameBytes);
    /** Set once the flow is being closed: later messages already framed are dropped unread. */
    let closing = false;
    const flow: Flow = {
      id: randomBytes(8).toString('hex'),
      transport: kind,
      remote: { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
      sentBy,
      send(text: string): boolean {
        if (socket.destroyed || !socket.writable) return false;
        socket.write(text);
        return true;
      },
      close(): void {
        closing = true;
        socket.end();
        socket.destroySoon();
      },
      abort(): void {
        closing = true;
        socket.destroy();
      },
    };
    events.onFlowOpen(flow);
    socket.on('data', (segment: Buffer) => {
      for (const event of framer.push(segment)) {
        if (closing) return;
        if (event.kind === 'ping') flow.send('\r\n');
        else if (event.kind === 'error') {
          logger.info(
            { tnx: 'sip-in', flow: flow.id, reason: event.reason },
            'stream cannot be framed: closed',
          );
          try {
            if (event.head !== undefined) {
              events.onFlowUnframable?.(flow, event.head, event.status, event.reason);
            }
          } finally {
            // The answer (if any) goes out first, then the connection ends.
            flow.close();
          }
          return;
        } else {
          try {
            events.onFlowMessage(flow, event.text);
          } catch (err) {
            logger.error({ tnx: 'sip-in', flow: flow.id, err: String(err) }, 'sip message handling failed');
          }
        }
      }
    });
    socket.on('error', (err) =>
      logger.debug({ tnx: 'stream-error', flow: flow.id, err: err.message }, 'socket error'),
    );
    socket.on('close', () => {
      sockets.delete(socket);
      for (const [key, f] of outbound) if (f === flow) outbound.delete(key);
      events.onFlowClose(flow);
    });
    return flow;
  };

  const server =
    options.protocol === 'tls'
      ? tls.createServer({ cert: options.tls?.cert, key: options.tls?.key }, onConnection)
      : net.createServer(onConnection);
  if (options.protocol === 'tls') {
    // A client that does not speak TLS (or fails the handshake): its socket is closed, nothing else.
    server.on('tlsClientError', (err, socket) => {
      logger.info({ tnx: 'tls-refuse', err: err.message }, 'tls handshake failed');
      socket.destroy();
    });
  }

  return {
    listen() {
      return new Promise((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException): void => {
          reject(new Error(listenError(kind, options.host, options.port, err)));
        };
        server.once('error', onError);
        server.listen(options.port, options.host, () => {
          server.off('error', onError);
          const port = (server.address() as net.AddressInfo).port;
          sentBy = `${reachableHost(options.host)}:${port}`;
          resolve({ host: options.host, port });
        });
      });
    },
    async connect(address, port) {
      const key = `${address}:${port}`;
      const open = outbound.get(key);
      if (open) return open;
      if (options.protocol !== 'tcp') throw new Error('outbound connections are TCP only');
      const socket = net.connect({ host: address, port });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      const flow = onConnection(socket);
      outbound.set(key, flow);
      return flow;
    },
    async close() {
      const closed = new Promise<void>((resolve) => {
        if (!server.listening) resolve();
        else server.close(() => resolve());
      });
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
