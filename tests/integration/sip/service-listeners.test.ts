/**
 * The plain SIP listeners of the whole service: GET /api/config lists their SIP URIs, a SIP port in use
 * fails start-up with one line naming it, and a TLS listener (certificate made here with the openssl
 * CLI) serves a TLS client while a client speaking plain TCP to it is refused without harm.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceConfig } from '../../../common/api-types.js';
import { silentLogger } from '../../../common/logger.js';
import type { ParleyConfig } from '../../../server/src/config.js';
import { startService, type RunningService } from '../../../server/src/service.js';
import { StreamFramer } from '../../../server/src/sip/transport/stream-framer.js';
import { buildRequest, readFrame, type RawFrame } from '../../support/sip/raw-sip-client.js';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-listeners-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const configFor = (dataDir: string, udpPort: number): ParleyConfig => ({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  domain: 'localhost',
  iceServers: [],
  noAnswerTimeoutMs: 30_000,
  logLevel: 'silent',
  sipUdp: { host: '127.0.0.1', port: udpPort },
  sipTcp: { host: '127.0.0.1', port: 0 },
});

describe('service SIP listeners', () => {
  it('lists every listener in /api/config, and a SIP port in use fails start-up with one line naming it', async () => {
    const first: RunningService = await startService(configFor(path.join(dir, 'a'), 0), silentLogger);
    try {
      const config = (await (await fetch(first.url + '/api/config')).json()) as ServiceConfig;
      const [udp, tcp] = first.sip.listeners;
      expect(config.sipListeners).toEqual([
        `sip:127.0.0.1:${udp!.port};transport=udp`,
        `sip:127.0.0.1:${tcp!.port};transport=tcp`,
      ]);
      await expect(startService(configFor(path.join(dir, 'b'), udp!.port), silentLogger)).rejects.toThrow(
        `SIP UDP listener: 127.0.0.1:${udp!.port} is already in use`,
      );
    } finally {
      await first.close();
    }
  });
});

describe('SIP over TLS', () => {
  let server: SipTestServer;

  beforeAll(async () => {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ],
      { stdio: 'ignore' },
    );
    server = await startSipTestServer({
      listeners: [
        {
          protocol: 'tls',
          host: '127.0.0.1',
          port: 0,
          tls: { cert: await fs.readFile(cert), key: await fs.readFile(key) },
        },
      ],
    });
    server.secrets.addUser('alice', 'alice-password');
  });
  afterAll(async () => {
    await server.close();
  });

  const register = (viaHost: string): string =>
    buildRequest({
      method: 'REGISTER',
      ruri: `sip:${server.domain}`,
      from: `sip:alice@${server.domain}`,
      to: `sip:alice@${server.domain}`,
      viaHost,
      viaTransport: 'TLS',
      headers: [`Contact: <sips:alice@${viaHost}>`, 'Expires: 600'],
    });

  async function tlsExchange(text: string): Promise<RawFrame> {
    const socket = tls.connect({ host: '127.0.0.1', port: server.port('tls'), rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    const framer = new StreamFramer(100_000);
    const answer = new Promise<RawFrame>((resolve) =>
      socket.on('data', (d: Buffer) => {
        for (const e of framer.push(d)) if (e.kind === 'message') resolve(readFrame(e.text));
      }),
    );
    socket.write(text.replace('127.0.0.1:1', `127.0.0.1:${socket.localPort ?? 0}`));
    const frame = await answer;
    socket.destroy();
    return frame;
  }

  it('answers a TLS client (401 with an MD5 challenge), refuses a plain one by closing it, and keeps serving', async () => {
    const first = await tlsExchange(register('127.0.0.1:1'));
    expect(first.status).toBe(401);
    expect(first.headers('WWW-Authenticate')).toHaveLength(1);

    const plain = net.connect(server.port('tls'), '127.0.0.1');
    await new Promise<void>((resolve) => plain.once('connect', resolve));
    const closed = new Promise<string>((resolve) => {
      let got = '';
      plain.on('data', (d: Buffer) => (got += d.toString('latin1')));
      plain.on('close', () => resolve(got));
    });
    plain.write(register('127.0.0.1:2'));
    const received = await closed;
    expect(received).not.toContain('SIP/2.0');

    expect((await tlsExchange(register('127.0.0.1:1'))).status).toBe(401);
  });
});
