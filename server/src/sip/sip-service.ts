/**
 * Entry point of the SIP room: builds the WebSocket transport, registrar and proxy.
 * (Initial stub: accepts WebSocket upgrades with subprotocol `sip`; the core follows.)
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { PresenceStatus } from '../../../common/api-types.js';
import type { SipService, SipServiceOptions } from './sip-service-contract.js';

export function createSipService(options: SipServiceOptions): SipService {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('sip') ? 'sip' : false) });
  const listeners = new Set<(username: string) => void>();
  return {
    attach(server: HttpServer, path = '/sip'): void {
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if ((req.url ?? '').split('?')[0] !== path) return;
        wss.handleUpgrade(req, socket, head, (ws) => {
          options.logger.debug({ tnx: 'ws-open' }, 'sip websocket opened');
          ws.on('error', () => undefined);
        });
      });
    },
    presenceOf(_username: string): PresenceStatus {
      return 'offline';
    },
    onPresenceChange(listener: (username: string) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close(): Promise<void> {
      for (const ws of wss.clients) ws.close(1001, 'going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
