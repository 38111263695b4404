/**
 * The generator's sockets: a SIP-over-WebSocket connection (RFC 7118, one message per text frame) or a
 * UDP socket (RFC 3261 §18, one message per datagram). Each carries many users and many requests in
 * flight; what arrives is handed to one `onMessage` callback as text.
 */
import dgram from 'node:dgram';
import WebSocket from 'ws';
import { unique } from './sip-wire.js';

export type TransportName = 'ws' | 'udp';

export interface Flow {
  readonly transport: TransportName;
  /** Via sent-by and Contact host:port for this flow. */
  readonly viaTransport: string;
  readonly sentBy: string;
  /** Contact URI of `user` on this flow. */
  contact(user: string): string;
  send(text: string): void;
  close(): void;
}

/** Opens a WebSocket (`sip` subprotocol) to `url`. */
export async function openWsFlow(url: string, onMessage: (text: string) => void): Promise<Flow> {
  const ws = new WebSocket(url, 'sip', { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('message', (data) => onMessage(data.toString()));
  ws.on('error', () => undefined);
  const host = `${unique()}.invalid`;
  return {
    transport: 'ws',
    viaTransport: 'WS',
    sentBy: host,
    contact: (user) => `sip:${user}@${host};transport=ws`,
    send: (text) => ws.send(text),
    close: () => ws.terminate(),
  };
}

/** Binds a UDP socket on 127.0.0.1 that sends to `host:port`. */
export async function openUdpFlow(
  host: string,
  port: number,
  onMessage: (text: string) => void,
): Promise<Flow> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  socket.on('message', (data) => onMessage(data.toString()));
  socket.on('error', () => undefined);
  const local = `127.0.0.1:${socket.address().port}`;
  return {
    transport: 'udp',
    viaTransport: 'UDP',
    sentBy: `${local};rport`,
    contact: (user) => `sip:${user}@${local}`,
    send: (text) => socket.send(text, port, host),
    close: () => socket.close(),
  };
}
