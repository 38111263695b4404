/**
 * A flooding client in its own Node process (so its busy loop does not share the test's event loop):
 * from `source` (e.g. 127.0.0.2 — all of 127/8 is loopback on Linux) it sends REGISTERs, INVITEs and
 * garbage as fast as it can over WebSocket connections (reconnecting at once when closed or refused) and,
 * when `udpPort` is given, over UDP. It prints `ws-closed <ms since start>` each time a connection of
 * its is closed by the service and `ws-refused <ms>` each time an upgrade is refused; `flooding <epoch ms>`
 * when its first message goes out (first WebSocket open or first UDP blast, whichever comes first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface FlooderOptions {
  readonly wsUrl: string;
  readonly udpPort?: number;
  readonly source: string;
  readonly domain: string;
  /** Parallel WebSocket connections (default 4). */
  readonly connections?: number;
}

export interface Flooder {
  /** Resolves with the ms since start of the first `ws-closed` or `ws-refused` line. */
  readonly firstRefusal: Promise<number>;
  /** Resolves with the wall-clock time (Date.now()) its first message went out: the flood's start. */
  readonly flooding: Promise<number>;
  /** Messages the flooder managed to send so far (updated from its reports). */
  sent(): number;
  stop(): Promise<void>;
}

const CHILD = String.raw`
const { WebSocket } = require('ws');
const dgram = require('node:dgram');
const [url, udpPort, source, domain, connections] = process.argv.slice(1);
const start = Date.now();
let n = 0;
let flooding = false;
// The flood begins with its first message on either path: the UDP blast can get the source banned before
// any WebSocket upgrade completes, and then no connection ever opens.
const begin = () => {
  if (!flooding) console.log('flooding ' + Date.now());
  flooding = true;
};
const messages = (i) => {
  const id = source + '-' + i;
  const via = 'Via: SIP/2.0/WS flood.invalid;branch=z9hG4bK' + id;
  const common = 'Max-Forwards: 70\r\nFrom: <sip:flood@' + domain + '>;tag=' + id + '\r\nCall-ID: ' + id + '\r\n';
  switch (i % 3) {
    case 0: return 'REGISTER sip:' + domain + ' SIP/2.0\r\n' + via + '\r\n' + common + 'To: <sip:flood@' + domain + '>\r\nCSeq: 1 REGISTER\r\nContact: <sip:f@flood.invalid>\r\nContent-Length: 0\r\n\r\n';
    case 1: return 'INVITE sip:alice@' + domain + ' SIP/2.0\r\n' + via + '\r\n' + common + 'To: <sip:alice@' + domain + '>\r\nCSeq: 1 INVITE\r\nContact: <sip:f@flood.invalid>\r\nContent-Length: 0\r\n\r\n';
    default: return 'GARBAGE ' + id + ' \x00\x01 not sip at all\r\n\r\n';
  }
};
const open = () => {
  const ws = new WebSocket(url, ['sip'], { localAddress: source });
  let pumping = false;
  const pump = () => {
    if (ws.readyState !== ws.OPEN) return;
    // Keep the socket's buffer full without holding the loop: a batch, then yield.
    if (ws.bufferedAmount < 1 << 20) for (let k = 0; k < 200; k++) ws.send(messages(n++));
    setImmediate(pump);
  };
  ws.on('open', () => {
    begin();
    pumping = true;
    pump();
  });
  ws.on('unexpected-response', () => { console.log('ws-refused ' + (Date.now() - start)); });
  ws.on('error', () => undefined);
  ws.on('close', () => {
    if (pumping) console.log('ws-closed ' + (Date.now() - start));
    setImmediate(open);
  });
};
for (let c = 0; c < Number(connections); c++) open();
if (Number(udpPort) > 0) {
  const udp = dgram.createSocket('udp4');
  udp.bind(0, source, () => {
    begin();
    const blast = () => {
      for (let k = 0; k < 200; k++) udp.send(messages(n++).replace('SIP/2.0/WS', 'SIP/2.0/UDP'), Number(udpPort), '127.0.0.1');
      setImmediate(blast);
    };
    blast();
  });
}
setInterval(() => console.log('sent ' + n), 200);
`;

export function startFlooder(options: FlooderOptions): Flooder {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      CHILD,
      options.wsUrl,
      String(options.udpPort ?? 0),
      options.source,
      options.domain,
      String(options.connections ?? 4),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let sent = 0;
  let resolveFirst: (ms: number) => void = () => undefined;
  const firstRefusal = new Promise<number>((resolve) => (resolveFirst = resolve));
  let resolveFlooding: (ms: number) => void = () => undefined;
  const flooding = new Promise<number>((resolve) => (resolveFlooding = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [what, value] = line.split(' ');
    if (what === 'sent') sent = Number(value);
    else if (what === 'flooding') resolveFlooding(Number(value));
    else if (what === 'ws-closed' || what === 'ws-refused') resolveFirst(Number(value));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    firstRefusal,
    flooding,
    sent: () => sent,
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
