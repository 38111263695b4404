/**
 * Kamailio as a carrier's edge for the gateway tests (config in ./kamailio-carrier/): it relays between
 * Parley's SIP listener and one plain phone standing for the phone network. Started from the Debian
 * package on a free UDP port, answered OPTIONS before it counts as ready, stopped by PID.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeUdpPort } from './sipp.js';

const CFG = fileURLToPath(new URL('./kamailio-carrier/kamailio.cfg', import.meta.url));

export interface KamailioCarrier {
  readonly port: number;
  log(): string;
  stop(): Promise<void>;
}

export async function startKamailioCarrier(options: {
  readonly parleyPort: number;
  readonly phonePort: number;
}): Promise<KamailioCarrier> {
  const port = await freeUdpPort();
  const runDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-kam-carrier-'));
  const args = [
    '-f',
    CFG,
    '-A',
    `LISTEN=udp:127.0.0.1:${port}`,
    '-A',
    `PHONE_URI="sip:pstn@127.0.0.1:${options.phonePort}"`,
    '-A',
    `PHONE_PORT=${options.phonePort}`,
    '-A',
    `PARLEY_URI="sip:127.0.0.1:${options.parleyPort}"`,
    '-DD',
    '-E',
    '-Y',
    runDir,
    '-P',
    path.join(runDir, 'kamailio.pid'),
  ];
  const child = spawn('kamailio', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid)
      process.kill(-child.pid, 'SIGTERM');
    await exited;
    await fs.rm(runDir, { recursive: true, force: true });
  };
  try {
    await answersOptions(port, exited);
  } catch (error) {
    await stop();
    throw new Error(`kamailio (carrier) did not start: ${String(error)}\n${output}`);
  }
  return { port, log: () => output, stop };
}

/** Sends OPTIONS every 100 ms until Kamailio answers (or exits). */
async function answersOptions(port: number, exited: Promise<void>): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const local = socket.address().port;
  const options = [
    `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bKready${Date.now()}`,
    'Max-Forwards: 70',
    `From: <sip:probe@127.0.0.1:${local}>;tag=probe`,
    `To: <sip:127.0.0.1:${port}>`,
    `Call-ID: ready-${Date.now()}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => socket.send(options, port, '127.0.0.1'), 100);
      const deadline = setTimeout(() => finish(new Error('no answer to OPTIONS in 10 s')), 10_000);
      const finish = (error?: Error): void => {
        clearInterval(timer);
        clearTimeout(deadline);
        if (error) reject(error);
        else resolve();
      };
      socket.once('message', () => finish());
      void exited.then(() => finish(new Error('kamailio exited')));
    });
  } finally {
    socket.close();
  }
}
