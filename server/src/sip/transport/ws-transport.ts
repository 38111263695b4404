/**
 * SIP over WebSocket (RFC 7118): one WebSocket connection is one flow; one frame carries one
 * SIP message (§5.1). The upgrade must offer the `sip` subprotocol (§4), otherwise it is refused.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from '../../../../common/logger.js';
import type { Flow, FlowEvents, SipTransport } from './flow.js';

export interface WsTransportOptions {
  readonly events: FlowEvents;
  readonly logger: Logger;
  /** Frames larger than this close the connection with 1009 (ws `maxPayload`). */
  readonly maxFrameBytes: number;
  /** WebSocket ping period to detect dead peers; 0 disables. */
  readonly pingIntervalMs: number;
  /** Whether a source address may open a connection now (per-source limits); refused upgrades get 403. */
  readonly admit?: (address: string) => boolean;
  /**
   * Addresses of reverse proxies (TLS terminators) whose `X-Forwarded-For` is believed: a connection from
   * one of them is known by the last address that header names (the one the proxy saw), so per-source
   * limits and bans apply to the real client, not to the proxy everyone shares.
   */
  readonly trustedProxies?: readonly string[];
}

export interface WsTransport extends SipTransport {
  attach(server: HttpServer, path: string): void;
}

const FLOW = Symbol('flow');
type FlowCarrier = WebSocket & { [FLOW]?: WsFlow };
const flowOf = (ws: WebSocket): WsFlow => (ws as FlowCarrier)[FLOW]!;

/** A WebSocket connection as a flow; its methods live on the prototype, shared by every connection. */
class WsFlow implements Flow {
  readonly id = randomBytes(8).toString('hex');
  readonly remote: { readonly address: string; readonly port: number };
  /** Answered the last ping (or opened since). */
  alive = true;

  constructor(
    private readonly ws: WebSocket,
    readonly transport: 'WS' | 'WSS',
    address: string,
    port: number,
  ) {
    this.remote = { address, port };
  }

  send(text: string): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  close(code = 1000, reason = ''): void {
    this.ws.close(code, reason);
  }

  abort(): void {
    this.ws.terminate();
  }
}

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const { events, logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  const attached: Array<{ server: HttpServer; listener: UpgradeListener }> = [];

  const refuse = (socket: Duplex, status: string): void => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  /** The client's address: the socket's, or — behind a trusted proxy — the last `X-Forwarded-For` entry. */
  const clientAddress = (req: IncomingMessage): string => {
    const peer = req.socket.remoteAddress ?? '';
    if (!options.trustedProxies?.includes(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const last = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').pop()?.trim();
    return last !== undefined && last !== '' && isIP(last) !== 0 ? last : peer;
  };

  // One set of listeners for every connection (`this` is the WebSocket, which carries its flow), not
  // closures per connection: with the flow's methods on a prototype and its liveness a field rather than
  // a WeakMap entry, ~0.5 kB less heap per connection (bench/memory.ts).
  function onPong(this: WebSocket): void {
    flowOf(this).alive = true;
  }
  function onMessage(this: WebSocket, data: RawData): void {
    const flow = flowOf(this);
    // Text and binary frames both carry UTF-8 SIP (RFC 7118 §5.1).
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as ArrayBuffer).toString('utf8');
    try {
      events.onFlowMessage(flow, text);
    } catch (err) {
      // One bad message never takes the service down; log and keep serving.
      logger.error({ tnx: 'sip-in', flow: flow.id, err: String(err) }, 'sip message handling failed');
    }
  }
  function onError(this: WebSocket, err: Error): void {
    logger.debug({ tnx: 'ws-error', flow: flowOf(this).id, err: err.message }, 'websocket error');
  }
  function onClose(this: WebSocket): void {
    const flow = flowOf(this);
    try {
      events.onFlowClose(flow);
    } catch (err) {
      logger.error({ tnx: 'ws-close', flow: flow.id, err: String(err) }, 'flow close handling failed');
    }
  }

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
    const flow = new WsFlow(ws, secure ? 'WSS' : 'WS', clientAddress(req), req.socket.remotePort ?? 0);
    (ws as FlowCarrier)[FLOW] = flow;
    ws.on('pong', onPong);
    ws.on('message', onMessage);
    ws.on('error', onError);
    ws.on('close', onClose);
    logger.debug({ tnx: 'ws-open', flow: flow.id, remote: flow.remote.address }, 'sip flow opened');
    events.onFlowOpen(flow);
  };

  let lastTick = performance.now();
  const timer =
    options.pingIntervalMs > 0
      ? setInterval(() => {
          // This tick came late: the process itself was stalled, and the pongs may be waiting unread in
          // the sockets (timers run before I/O). Only ping again: dropping every client for our own delay
          // is what a 10-minute soak on a loaded machine saw (all 2,000 connections closed at once).
          const now = performance.now();
          const late = now - lastTick > options.pingIntervalMs + 1000;
          lastTick = now;
          for (const ws of wss.clients) {
            const flow = (ws as FlowCarrier)[FLOW];
            if (flow === undefined) continue; // upgraded, not yet handed to onConnection
            if (!late && !flow.alive) {
              ws.terminate();
              continue;
            }
            flow.alive = false;
            ws.ping();
          }
        }, options.pingIntervalMs)
      : undefined;
  timer?.unref();

  return {
    attach(server: HttpServer, path: string): void {
      const listener: UpgradeListener = (req, socket, head) => {
        const url = req.url ?? '';
        const q = url.indexOf('?');
        if ((q >= 0 ? url.slice(0, q) : url) !== path) return; // another upgrade handler's business
        if (options.admit && !options.admit(clientAddress(req))) {
          refuse(socket, '403 Forbidden');
          return;
        }
        const offered = (req.headers['sec-websocket-protocol'] ?? '')
          .split(',')
          .map((p) => p.trim().toLowerCase());
        if (!offered.includes('sip')) {
          logger.info(
            { tnx: 'ws-refuse', remote: req.socket.remoteAddress },
            'upgrade without sip subprotocol',
          );
          refuse(socket, '400 Bad Request');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
      };
      server.on('upgrade', listener);
      attached.push({ server, listener });
    },
    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      for (const { server, listener } of attached) server.off('upgrade', listener);
      for (const ws of wss.clients) ws.close(1001, 'going away');
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 1000);
        wss.close(() => {
          clearTimeout(deadline);
          resolve();
        });
      });
    },
  };
}
