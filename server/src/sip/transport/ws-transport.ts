/**
 * SIP over WebSocket (RFC 7118): one WebSocket connection is one flow; one frame carries one
 * SIP message (§5.1). The upgrade must offer the `sip` subprotocol (§4), otherwise it is refused.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
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

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const { events, logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();
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

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
    const flow: Flow = {
      id: randomBytes(8).toString('hex'),
      transport: secure ? 'WSS' : 'WS',
      remote: { address: clientAddress(req), port: req.socket.remotePort ?? 0 },
      send(text: string): boolean {
        if (ws.readyState !== ws.OPEN) return false;
        ws.send(text);
        return true;
      },
      close(code = 1000, reason = ''): void {
        ws.close(code, reason);
      },
      abort(): void {
        ws.terminate();
      },
    };
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      // Text and binary frames both carry UTF-8 SIP (RFC 7118 §5.1).
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data as ArrayBuffer).toString('utf8');
      void isBinary;
      try {
        events.onFlowMessage(flow, text);
      } catch (err) {
        // One bad message never takes the service down; log and keep serving.
        logger.error({ tnx: 'sip-in', flow: flow.id, err: String(err) }, 'sip message handling failed');
      }
    });
    ws.on('error', (err) =>
      logger.debug({ tnx: 'ws-error', flow: flow.id, err: err.message }, 'websocket error'),
    );
    ws.on('close', () => {
      try {
        events.onFlowClose(flow);
      } catch (err) {
        logger.error({ tnx: 'ws-close', flow: flow.id, err: String(err) }, 'flow close handling failed');
      }
    });
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
            if (!late && alive.get(ws) === false) {
              ws.terminate();
              continue;
            }
            alive.set(ws, false);
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
