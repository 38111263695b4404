/**
 * A minimal baresip 1.0 (Debian `baresip-core`) that only registers: its own config folder, no audio
 * (`aubridge`/`nil`), SIP on loopback ports chosen at run time (it binds SIP/TLS on `sip_listen`+1 too),
 * one account registering through the service's UDP or TCP listener as outbound proxy with digest.
 * FIELD-NOTES: `net_interface 127.0.0.1` (not `lo`). Stop it by PID with `stop()`.
 * With `watch`, baresip's `presence` module SUBSCRIBEs to those addresses (RFC 3856) and keeps what the
 * NOTIFYs say per contact; `contacts()` reads that list through `ctrl_tcp` (the menu's `contacts`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BaresipControl } from './baresip-control.js';

export interface BaresipRegisterOptions {
  readonly username: string;
  readonly password: string;
  readonly domain: string;
  readonly transport: 'udp' | 'tcp';
  /** The service's listener port for that transport. */
  readonly port: number;
  /** Addresses of record to watch with the `presence` module (baresip contacts with `presence=p2p`). */
  readonly watch?: readonly string[];
}

export interface BaresipRegistration {
  readonly child: ChildProcess;
  /** Everything baresip printed so far. */
  output(): string;
  /** Resolves when baresip has printed a line matching `pattern` (rejects after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** With `watch`: the menu's contact list with each contact's presence (e.g. `Online`, `Busy`). */
  contacts(): Promise<string>;
  stop(): Promise<void>;
}

export async function startBaresipRegister(o: BaresipRegisterOptions): Promise<BaresipRegistration> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-baresip-'));
  const sipPort = await freeTcpPortPair();
  const ctrlPort = o.watch ? await freeTcpPortPair() : 0;
  await fs.writeFile(
    path.join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      'net_interface 127.0.0.1',
      'audio_player aubridge,nil',
      'audio_source aubridge,nil',
      'audio_alert aubridge,nil',
      'module_path /usr/lib/baresip/modules',
      'module stdio.so',
      'module g711.so',
      'module aubridge.so',
      'module_app account.so',
      'module_app menu.so',
      ...(o.watch
        ? [
            'module_app contact.so',
            'module_app presence.so',
            'module_app ctrl_tcp.so',
            `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
          ]
        : []),
      '',
    ].join('\n'),
  );
  if (o.watch) {
    const contacts = o.watch.map((aor, i) => `"Watched ${i}" <${aor}>;presence=p2p`);
    await fs.writeFile(path.join(dir, 'contacts'), contacts.join('\n') + '\n');
  }
  const outbound = `sip:127.0.0.1:${o.port};transport=${o.transport}`;
  await fs.writeFile(
    path.join(dir, 'accounts'),
    `<sip:${o.username}@${o.domain};transport=${o.transport}>;auth_pass=${o.password};outbound="${outbound}";regint=600;audio_codecs=PCMU\n`,
  );
  const child = spawn('baresip', ['-f', dir], { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir });
  let out = '';
  const waiters = new Set<() => void>();
  const append = (d: Buffer): void => {
    out += d.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let control: BaresipControl | undefined;
  const waitFor = (pattern: RegExp, timeoutMs = 10_000): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const line = out.split('\n').find((l) => pattern.test(l));
        if (line === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(line);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`baresip never printed ${String(pattern)}:\n${out}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    child,
    output: () => out,
    waitFor,
    async contacts() {
      if (!o.watch) throw new Error('start with `watch` to read contacts');
      if (!control) {
        await waitFor(/baresip is ready/);
        control = await BaresipControl.connect(ctrlPort);
      }
      return (await control.command('contacts')).data ?? '';
    },
    async stop() {
      control?.close();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** A port P with TCP (and so baresip's TLS on P+1) likely free: P and P+1 bound then released. */
async function freeTcpPortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await tcpFree(p)) && (await tcpFree(p + 1))) return p;
  }
  throw new Error('no free port pair for baresip');
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
