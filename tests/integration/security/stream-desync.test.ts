/**
 * Stream framing under attack (RFC 3261 §18.3: on TCP and TLS, Content-Length is how the end of a
 * message is found), over real TCP and TLS sockets to the SIP service: a message whose end cannot be
 * trusted — Content-Length missing (a second request hidden as its body), negative, beyond the size
 * limit, or a framed message that does not parse — gets its 400 (513 when too large) when it is a
 * request, and then its connection is closed: the valid request written right behind it on the same
 * connection is never answered (it could be the middle of the broken one). A new connection is served.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamFramer } from '../../../server/src/sip/transport/stream-framer.js';
import { buildRequest, readFrame, type RawFrame } from '../../support/sip/raw-sip-client.js';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';

type Protocol = 'tcp' | 'tls';
let dir: string;
let server: SipTestServer;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-desync-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ]),
    { stdio: 'ignore' },
  );
  server = await startSipTestServer({
    listeners: [
      { protocol: 'tcp', host: '127.0.0.1', port: 0 },
      {
        protocol: 'tls',
        host: '127.0.0.1',
        port: 0,
        tls: { cert: await fs.readFile(cert), key: await fs.readFile(key) },
      },
    ],
  });
});
afterAll(async () => {
  await server.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** One connection: writes `text` at once and collects every message received until the service closes it. */
async function exchange(protocol: Protocol, text: (viaHost: string) => string): Promise<RawFrame[]> {
  const port = server.port(protocol);
  const socket =
    protocol === 'tls'
      ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false })
      : net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once(protocol === 'tls' ? 'secureConnect' : 'connect', resolve);
    socket.once('error', reject);
  });
  const framer = new StreamFramer(1_000_000);
  const frames: RawFrame[] = [];
  socket.on('data', (d: Buffer) => {
    for (const e of framer.push(d)) if (e.kind === 'message') frames.push(readFrame(e.text));
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(text(`127.0.0.1:${socket.localPort ?? 0}`));
  await closed;
  return frames;
}

/** A request on a connection kept open: resolves with its final answer. */
async function served(protocol: Protocol): Promise<number> {
  const port = server.port(protocol);
  const socket =
    protocol === 'tls'
      ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false })
      : net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) =>
    socket.once(protocol === 'tls' ? 'secureConnect' : 'connect', resolve),
  );
  const framer = new StreamFramer(1_000_000);
  const answer = new Promise<number>((resolve) =>
    socket.on('data', (d: Buffer) => {
      for (const e of framer.push(d)) if (e.kind === 'message') resolve(readFrame(e.text).status);
    }),
  );
  socket.write(options(protocol, `127.0.0.1:${socket.localPort ?? 0}`, 'z9hG4bKfresh'));
  const status = await answer;
  socket.destroy();
  return status;
}

const options = (protocol: Protocol, viaHost: string, branch: string): string =>
  buildRequest({
    method: 'OPTIONS',
    ruri: `sip:${server.domain}`,
    from: `sip:alice@${server.domain}`,
    to: `sip:${server.domain}`,
    viaHost,
    viaTransport: protocol.toUpperCase(),
    branch,
  });

const message = (protocol: Protocol, viaHost: string, body: string): string =>
  buildRequest({
    method: 'MESSAGE',
    ruri: `sip:bob@${server.domain}`,
    from: `sip:alice@${server.domain}`,
    to: `sip:bob@${server.domain}`,
    viaHost,
    viaTransport: protocol.toUpperCase(),
    branch: 'z9hG4bKbroken',
    headers: ['Content-Type: text/plain'],
    body,
  });

/** How each broken message is made from a valid MESSAGE, and what it must get. */
const broken: Array<[string, (m: string, next: string) => string, number]> = [
  [
    'no Content-Length, a second request hidden as its body',
    (m, next) => m.replace(/Content-Length: \d+\r\n/, '').replace(/\r\n\r\n.*$/s, '\r\n\r\n') + next,
    400,
  ],
  [
    'a negative Content-Length',
    (m, next) => m.replace(/Content-Length: \d+/, 'Content-Length: -5') + next,
    400,
  ],
  [
    'a Content-Length far beyond the size limit',
    (m, next) => m.replace(/Content-Length: \d+/, 'Content-Length: 99999999') + next,
    513,
  ],
  [
    'two Content-Lengths that disagree',
    (m, next) => m.replace(/(Content-Length: \d+)/, 'l: 0\r\n$1') + next,
    400,
  ],
  [
    'a framed message that does not parse',
    (m, next) => m.replace(/\r\nFrom: [^\r]*/, '\r\nFrom: <<<') + next,
    400,
  ],
];

describe.each<Protocol>(['tcp', 'tls'])('SIP over %s with broken framing', (protocol) => {
  it.each(broken)(
    '%s: answered once, connection closed, the request behind it unanswered; a new connection is served',
    async (_what, breakIt, status) => {
      const frames = await exchange(protocol, (via) =>
        breakIt(message(protocol, via, 'hello'), options(protocol, via, 'z9hG4bKbehind')),
      );
      expect(frames.map((f) => [f.status, f.header('Via')?.includes('z9hG4bKbroken')])).toEqual([
        [status, true],
      ]);
      expect(await served(protocol)).toBe(200);
    },
  );

  it('frames a valid request followed by another on the same connection (control)', async () => {
    const port = server.port(protocol);
    const socket =
      protocol === 'tls'
        ? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false })
        : net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) =>
      socket.once(protocol === 'tls' ? 'secureConnect' : 'connect', resolve),
    );
    const framer = new StreamFramer(1_000_000);
    const both = new Promise<string[]>((resolve) => {
      const branches: string[] = [];
      socket.on('data', (d: Buffer) => {
        for (const e of framer.push(d)) {
          if (e.kind === 'message') branches.push(/branch=(\w+)/.exec(e.text)?.[1] ?? '');
          if (branches.length === 2) resolve(branches);
        }
      });
    });
    const via = `127.0.0.1:${socket.localPort ?? 0}`;
    socket.write(options(protocol, via, 'z9hG4bKfirst') + options(protocol, via, 'z9hG4bKsecond'));
    expect(await both).toEqual(['z9hG4bKfirst', 'z9hG4bKsecond']);
    socket.destroy();
  });
});
