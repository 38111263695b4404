/**
 * Free loopback ports for peers that cannot be told "port 0" (rtpengine, baresip, linphonec): the OS
 * picks one, we release it and hand it to the peer. Another process could take it in between; the
 * peers' launchers report a failed bind clearly rather than hang.
 */
import dgram from 'node:dgram';
import net from 'node:net';

/** A UDP port free on 127.0.0.1 right now. */
export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', resolve);
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

/** A port free for both UDP and TCP on 127.0.0.1 (SIP peers listen on both). */
export async function freeSipPort(): Promise<number> {
  for (;;) {
    const port = await freeUdpPort();
    if (await tcpFree(port)) return port;
  }
}

/** `count` consecutive ports, each free for UDP and TCP (baresip binds SIP on `port` and TLS on `port+1`). */
export async function freePortRun(count: number): Promise<number> {
  for (;;) {
    const first = await freeSipPort();
    if (first + count > 65535) continue;
    let ok = true;
    for (let p = first + 1; p < first + count && ok; p++) ok = (await udpFree(p)) && (await tcpFree(p));
    if (ok) return first;
  }
}

async function udpFree(port: number): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  return new Promise<boolean>((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

async function tcpFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
