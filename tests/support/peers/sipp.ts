/**
 * sipp 3.6 (Debian `sip-tester`) as a test peer: runs the scenarios of ./sipp/ against the service on
 * loopback, every port chosen at run time (SIP `-p`, control `-cp`, media `-mp` and `-mp`+2), and
 * reports sipp's own success/failure counts. FIELD-NOTES: `[field]` is not expanded inside
 * `[authentication]` (the whole keyword goes in the CSV); late messages must not abort calls
 * (`-default_behaviors all,-abortunexp`); `-recv_timeout` bounds a call that lost its peer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCENARIOS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sipp');

export interface SippUser {
  readonly username: string;
  readonly password: string;
}

export interface SippOptions {
  /** `register.xml`, `uac.xml`, `uas.xml` in tests/support/peers/sipp/. */
  readonly scenario: string;
  /** The service's UDP (or TCP) listener. */
  readonly remotePort: number;
  readonly domain: string;
  /** Our SIP port (0 = any: sipp picks). */
  readonly localPort?: number;
  readonly transport?: 'udp' | 'tcp';
  /** One CSV line per call (SEQUENTIAL): field0 = username, field1 = its [authentication] keyword. */
  readonly users?: readonly SippUser[];
  /** `-s`: the callee user part for uac.xml. */
  readonly service?: string;
  /** Calls to run before exiting (`-m`). */
  readonly calls?: number;
  readonly rate?: number;
  /** Percentage of messages sipp drops on purpose, both ways (`-lost`). */
  readonly lost?: number;
  readonly extraArgs?: readonly string[];
}

export interface SippResult {
  readonly code: number | null;
  readonly successful: number;
  readonly failed: number;
  /** Messages sipp dropped on purpose (`-lost`), summed over its message table. */
  readonly lost: number;
  readonly output: string;
}

export interface SippProcess {
  readonly child: ChildProcess;
  /** Resolves when sipp exits, with its counts. */
  readonly done: Promise<SippResult>;
  /** Ends sipp (SIGTERM) and waits for it. */
  stop(): Promise<SippResult>;
}

export async function startSipp(options: SippOptions): Promise<SippProcess> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-sipp-'));
  const args = [
    `127.0.0.1:${options.remotePort}`,
    '-sf',
    path.join(SCENARIOS, options.scenario),
    '-i',
    '127.0.0.1',
    '-p',
    String(options.localPort ?? (await freeUdpPort())),
    '-cp',
    String(await freeUdpPort()),
    '-mp',
    String(await freeMediaPorts()),
    '-t',
    options.transport === 'tcp' ? 't1' : 'u1',
    '-key',
    'domain',
    options.domain,
    '-m',
    String(options.calls ?? 1),
    '-r',
    String(options.rate ?? 10),
    '-nostdin',
    '-default_behaviors',
    'all,-abortunexp',
    '-recv_timeout',
    '8000',
    '-timeout',
    '60',
    '-timeout_error',
    ...(options.lost ? ['-lost', String(options.lost)] : []),
    ...(options.service ? ['-s', options.service] : []),
    // The digest uri must be the Request-URI (RFC 7616 §3.4.6); sipp's default is remote_ip:remote_port.
    ...(options.users
      ? ['-auth_uri', options.service ? `${options.service}@${options.domain}` : options.domain]
      : []),
    ...(options.extraArgs ?? []),
  ];
  if (options.users) {
    const csv = path.join(dir, 'users.csv');
    const lines = options.users.map(
      (u) => `${u.username};[authentication username=${u.username} password=${u.password}]`,
    );
    await fs.writeFile(csv, ['SEQUENTIAL', ...lines].join('\n') + '\n');
    args.push('-inf', csv);
  }
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<SippResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      void fs.rm(dir, { recursive: true, force: true });
      resolve({ code, ...counts(output), output });
    });
  });
  return {
    child,
    done,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return done;
    },
  };
}

/** Runs a scenario to its end. */
export async function runSipp(options: SippOptions): Promise<SippResult> {
  return (await startSipp(options)).done;
}

/** sipp's final screens: "Successful call | 0 | 10" (periodic | cumulative); the Lost column of the table. */
function counts(output: string): { successful: number; failed: number; lost: number } {
  const last = (label: string): number => {
    const all = [...output.matchAll(new RegExp(`${label}\\s*\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)`, 'g'))];
    const m = all.at(-1);
    return m ? Number(m[2]) : 0;
  };
  // The last scenario screen: "  ----------> INVITE   8   0   0   0   1" (Lost is the last column).
  const screen = output.lastIndexOf('Scenario Screen');
  let lost = 0;
  for (const line of output.slice(Math.max(0, screen)).split('\n')) {
    if (!/^\s*(-+>|<-+)/.test(line)) continue;
    const numbers = line.trim().split(/\s+/).slice(2).map(Number);
    if (numbers.length >= 3) lost += numbers.at(-1) ?? 0;
  }
  return { successful: last('Successful call'), failed: last('Failed call'), lost };
}

/** A UDP port free right now (bound then released). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** An even port P with P and P+2 free (sipp's -mp audio and video echo sockets). */
async function freeMediaPorts(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = 20_000 + 2 * Math.floor(Math.random() * 15_000);
    if ((await udpFree(p)) && (await udpFree(p + 2))) return p;
  }
  throw new Error('no free media ports for sipp');
}

async function udpFree(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
