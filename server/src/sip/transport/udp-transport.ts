/**
 * SIP over UDP (RFC 3261 §18): one datagram is one message. A flow is a remote address and port as
 * seen by one listening socket; its id encodes both, so a flow never "closes" and is rebuilt from the id
 * alone (Record-Route tokens and bindings name it). A binding on a UDP flow that stops answering is
 * dropped when its registration expires, not when a socket closes.
 * Responses go back to the datagram's source (RFC 3581 §4: the `rport` behaviour, always).
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../../common/logger.js';
import type { Flow, FlowEvents, SipTransport } from './flow.js';
import { reachableHost } from './listeners.js';

export interface UdpTransportOptions {
  readonly host: string;
  readonly port: number;
  readonly events: FlowEvents;
  readonly logger: Logger;
  /** Sources whose datagrams are dropped unread (per-source bans). */
  readonly isBanned?: (address: string) => boolean;
}

export interface UdpTransport extends SipTransport {
  /** Binds; rejects with one line naming the address when it is taken. */
  listen(): Promise<{ host: string; port: number }>;
  /** The flow a UDP flow id names (any id this transport made), or undefined. */
  flowById(id: string): Flow | undefined;
  /** The flow to a peer's address from this socket (a gateway's trunk). */
  flowTo(address: string, port: number): Flow;
}

export function createUdpTransport(options: UdpTransportOptions): UdpTransport {
  const { events, logger } = options;
  // Two letters tell this socket's flows apart from other listeners' (ids stay within 40 characters).
  const tag = 'u' + randomBytes(1).toString('hex');
  const family = isIPv6(options.host) || options.host === '::' ? 'udp6' : 'udp4';
  const socket: Socket = createSocket({ type: family, reuseAddr: false });
  let sentBy = '';
  let closed = false;

  // Nothing is kept per peer: a flow is made from the datagram's source (or from its id) when needed,
  // so packets from any number of addresses cost no memory once handled.
  const flowFor = (address: string, port: number): Flow => {
    const id = encodeId(tag, address, port);
    return {
      id,
      transport: 'UDP',
      remote: { address, port },
      sentBy,
      send(text: string): boolean {
        if (closed) return false;
        socket.send(text, port, address, (err) => {
          if (err) logger.debug({ tnx: 'udp-send', flow: id, err: err.message }, 'udp send failed');
        });
        return true;
      },
      close(): void {
        // A UDP "flow" has nothing to close: its bindings go when their registrations expire.
      },
    };
  };

  socket.on('message', (data, rinfo) => {
    // A banned source costs no more than reading its datagram off the socket.
    if (options.isBanned?.(rinfo.address) === true) return;
    const flow = flowFor(rinfo.address, rinfo.port);
    try {
      events.onFlowMessage(flow, data.toString('utf8'));
    } catch (err) {
      logger.error({ tnx: 'sip-in', flow: flow.id, err: String(err) }, 'sip message handling failed');
    }
  });
  socket.on('error', (err) => logger.warn({ tnx: 'udp-error', err: err.message }, 'udp socket error'));

  return {
    listen() {
      return new Promise((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException): void => {
          reject(new Error(listenError('UDP', options.host, options.port, err)));
        };
        socket.once('error', onError);
        socket.bind(options.port, options.host, () => {
          socket.off('error', onError);
          const port = socket.address().port;
          sentBy = `${reachableHost(options.host)}:${port}`;
          resolve({ host: options.host, port });
        });
      });
    },
    flowTo: (address, port) => flowFor(address, port),
    flowById(id) {
      if (closed || !id.startsWith(tag)) return undefined;
      const remote = decodeId(tag, id);
      return remote ? flowFor(remote.address, remote.port) : undefined;
    },
    async close() {
      closed = true;
      await new Promise<void>((resolve) => {
        try {
          socket.close(() => resolve());
        } catch {
          resolve(); // never bound
        }
      });
    },
  };
}

/** The one line a taken (or forbidden) port gives at start-up. */
export function listenError(kind: string, host: string, port: number, err: NodeJS.ErrnoException): string {
  const where = `${host}:${port}`;
  if (err.code === 'EADDRINUSE') return `SIP ${kind} listener: ${where} is already in use`;
  if (err.code === 'EACCES') return `SIP ${kind} listener: no permission to bind ${where}`;
  return `SIP ${kind} listener: cannot bind ${where} (${err.code ?? err.message})`;
}

function encodeId(tag: string, address: string, port: number): string {
  const portHex = port.toString(16).padStart(4, '0');
  if (!isIPv6(address)) {
    const hex = address
      .split('.')
      .map((o) => Number(o).toString(16).padStart(2, '0'))
      .join('');
    return `${tag}${hex}${portHex}`;
  }
  return `${tag}${expandIpv6(address)}${portHex}`;
}

function decodeId(tag: string, id: string): { address: string; port: number } | undefined {
  const rest = id.slice(tag.length);
  if (!/^[0-9a-f]+$/.test(rest)) return undefined;
  const port = parseInt(rest.slice(-4), 16);
  const hex = rest.slice(0, -4);
  if (hex.length === 8) {
    const octets = hex.match(/../g)!.map((h) => parseInt(h, 16));
    return { address: octets.join('.'), port };
  }
  if (hex.length === 32) return { address: hex.match(/.{4}/g)!.join(':'), port };
  return undefined;
}

function expandIpv6(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
    : h;
  return groups.map((g) => g.padStart(4, '0')).join('');
}
