/**
 * A minimal baresip 1.0 (Debian `baresip-core`) that only registers: its own config folder, no audio
 * (`aubridge`/`nil`), SIP on loopback ports chosen at run time (it binds SIP/TLS on `sip_listen`+1 too),
 * one account registering through the service's UDP or TCP listener as outbound proxy with digest.
 * FIELD-NOTES: `net_interface 127.0.0.1` (not `lo`). Stop it by PID with `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface BaresipRegisterOptions {
  readonly username: string;
  readonly password: string;
  readonly domain: string;
  readonly transport: 'udp' | 'tcp';
  /** The service's listener port for that transport. */
  readonly port: number;
}

export interface BaresipRegistration {
  readonly child: ChildProcess;
  /** Everything baresip printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function startBaresipRegister(o: BaresipRegisterOptions): Promise<BaresipRegistration> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-baresip-'));
  const sipPort = await freeTcpPortPair();
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
      '',
    ].join('\n'),
  );
  const outbound = `sip:127.0.0.1:${o.port};transport=${o.transport}`;
  await fs.writeFile(
    path.join(dir, 'accounts'),
    `<sip:${o.username}@${o.domain};transport=${o.transport}>;auth_pass=${o.password};outbound="${outbound}";regint=600;audio_codecs=PCMU\n`,
  );
  const child = spawn('baresip', ['-f', dir], { stdio: ['pipe', 'pipe', 'pipe'], cwd: dir });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    async stop() {
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
