/**
 * One fuzzer connection to the service over WebSocket (RFC 7118), UDP or TCP (RFC 3261 §18): sends
 * bytes exactly as given and hands every SIP message received to `onFrame`. A lane knows when the
 * service closed it (garbage on a stream may do that) so the runner opens a new one.
 */
import { createSocket } from 'node:dgram';
import net from 'node:net';
import { WebSocket } from 'ws';
import { StreamFramer } from '../../../server/src/sip/transport/stream-framer.js';

export type FuzzTransport = 'ws' | 'udp' | 'tcp';

export interface FuzzTarget {
  readonly wsUrl: string;
  readonly udpPort: number;
  readonly tcpPort: number;
}

export interface Lane {
  readonly transport: FuzzTransport;
  /** Our Via sent-by (`host:port`). */
  readonly viaHost: string;
  isOpen(): boolean;
  /** Resolves when the connection is gone (a UDP lane only when we close it). */
  readonly closed: Promise<void>;
  send(bytes: Buffer): void;
  /** Ends our side of a stream (the service sees the end of it); answers are still read. */
  end(): void;
  close(): void;
}

export async function openLane(
  transport: FuzzTransport,
  target: FuzzTarget,
  onFrame: (text: string) => void,
): Promise<Lane> {
  if (transport === 'ws') {
    const ws = new WebSocket(target.wsUrl, ['sip']);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer) => onFrame(data.toString('utf8')));
    return {
      transport,
      viaHost: 'fuzz.invalid',
      isOpen: () => ws.readyState === WebSocket.OPEN,
      closed: new Promise((resolve) => ws.once('close', () => resolve())),
      // Text frames when the bytes are UTF-8 (as a browser sends); binary frames otherwise.
      send: (bytes) => ws.send(bytes, { binary: !isUtf8(bytes) }),
      end: () => ws.close(),
      close: () => ws.terminate(),
    };
  }
  if (transport === 'udp') {
    const socket = createSocket('udp4');
    socket.on('message', (data) => onFrame(data.toString('utf8')));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    let open = true;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    return {
      transport,
      viaHost: `127.0.0.1:${socket.address().port}`,
      isOpen: () => open,
      closed,
      send: (bytes) => socket.send(bytes, target.udpPort, '127.0.0.1'),
      end: () => undefined,
      close: () => {
        open = false;
        socket.close();
      },
    };
  }
  const socket = net.connect(target.tcpPort, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  const framer = new StreamFramer(1_000_000);
  socket.on('data', (segment: Buffer) => {
    for (const e of framer.push(segment)) if (e.kind === 'message') onFrame(e.text);
  });
  return {
    transport,
    viaHost: `127.0.0.1:${socket.localPort}`,
    isOpen: () => !socket.destroyed && socket.writable,
    closed: new Promise((resolve) => socket.once('close', () => resolve())),
    send: (bytes) => void socket.write(bytes),
    end: () => void socket.end(),
    close: () => socket.destroy(),
  };
}

function isUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}
