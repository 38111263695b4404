/**
 * A real baresip 1.0 (Debian `baresip-core`) for tests, set up per FIELD-NOTES: bound to 127.0.0.1 on
 * two ports chosen at run time (SIP UDP/TCP on `sipPort`, SIP/TLS on `sipPort + 1`), a known tone as its
 * microphone (`ausine`, 48 kHz stereo), no sound card (`aubridge,nil`), what it hears recorded by
 * `sndfile` into `recordingsDir` (`*-dec.wav`), and driven through `ctrl_tcp`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BaresipControl } from './baresip-control.js';
import { freePortRun, freeSipPort } from './free-port.js';

export interface BaresipOptions {
  /** User part of its address (default `bob`). */
  readonly user?: string;
  /** The tone its microphone plays, in Hz (default 880). */
  readonly toneHz?: number;
  /** Codecs it offers/accepts, in order (default PCMU, PCMA: a phone without Opus). */
  readonly codecs?: readonly string[];
  /** `auto` answers incoming calls at once (default); `manual` waits for `accept()`. */
  readonly answerMode?: 'auto' | 'manual';
  /** Register to a registrar: its `host:port`, the domain, and the password (digest). */
  readonly registrar?: { readonly hostPort: string; readonly domain: string; readonly password: string };
}

export interface Baresip {
  readonly sipPort: number;
  /** Where to send it a call directly: `sip:USER@127.0.0.1:PORT`. */
  readonly uri: string;
  readonly recordingsDir: string;
  readonly control: BaresipControl;
  readonly pid: number;
  /**
   * Resolves once the registrar accepted its REGISTER (its `200 OK` status line on stdout: registration
   * may finish before the control socket connects, so the REGISTER_OK event can be missed).
   */
  registered(timeoutMs?: number): Promise<void>;
  dial(uri: string): Promise<void>;
  accept(): Promise<void>;
  hangup(): Promise<void>;
  /** The `*-dec.wav` files it wrote (what it heard), newest last. Read them before `stop()`: it removes them. */
  recordings(): Promise<string[]>;
  log(): string;
  stop(): Promise<void>;
}

const MODULES = '/usr/lib/baresip/modules';

export async function startBaresip(options: BaresipOptions = {}): Promise<Baresip> {
  const user = options.user ?? 'bob';
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `parley-baresip-${user}-`));
  const recordingsDir = path.join(dir, 'recordings');
  await fs.mkdir(recordingsDir);
  const sipPort = await freePortRun(2);
  const ctrlPort = await freeSipPort();
  const codecs = (options.codecs ?? ['PCMU', 'PCMA']).join(',');

  await fs.writeFile(
    path.join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      'net_interface 127.0.0.1',
      'audio_player aubridge,nil',
      'audio_alert aubridge,nil',
      `audio_source ausine,${options.toneHz ?? 880}`,
      'ausrc_srate 48000',
      'ausrc_channels 2',
      `module_path ${MODULES}`,
      'module g711.so',
      ...(codecs.toLowerCase().includes('opus') ? ['module opus.so'] : []),
      'module ausine.so',
      'module aubridge.so',
      'module sndfile.so',
      `snd_path ${recordingsDir}`,
      'module_app account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
      '',
    ].join('\n'),
  );
  const params = [
    `answermode=${options.answerMode ?? 'auto'}`,
    `audio_codecs=${codecs}`,
    ...(options.registrar === undefined
      ? ['regint=0']
      : [
          'regint=600',
          `auth_pass=${options.registrar.password}`,
          `outbound="sip:${options.registrar.hostPort};transport=udp"`,
        ]),
  ];
  const aor =
    options.registrar === undefined
      ? `sip:${user}@127.0.0.1:${sipPort};transport=udp`
      : `sip:${user}@${options.registrar.domain};transport=udp`;
  await fs.writeFile(path.join(dir, 'accounts'), `<${aor}>;${params.join(';')}\n`);

  const child = spawn('baresip', ['-f', dir], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const outputWaiters = new Set<() => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onLine = (chunk: Buffer): void => {
      lines.push(chunk.toString('utf8'));
      for (const waiter of [...outputWaiters]) waiter();
      if (lines.join('').includes('baresip is ready.')) resolve();
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.once('error', reject);
    void exited.then(() => reject(new Error(`baresip exited before it was ready:\n${lines.join('')}`)));
  });
  const stopProcess = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    // baresip ends a call still up with BYE and waits for its transaction (up to 32 s); 2 s is plenty
    // on loopback, then it is killed.
    const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(killer);
    await fs.rm(dir, { recursive: true, force: true });
  };
  let control: BaresipControl;
  try {
    await ready;
    control = await BaresipControl.connect(ctrlPort);
  } catch (error) {
    await stopProcess();
    throw error;
  }

  const run = async (command: string, args?: string): Promise<void> => {
    const response = await control.command(command, args);
    if (!response.ok) throw new Error(`baresip ${command} failed: ${response.data ?? ''}`);
  };

  return {
    sipPort,
    uri: `sip:${user}@127.0.0.1:${sipPort}`,
    recordingsDir,
    control,
    pid: child.pid ?? -1,
    registered: (timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        // e.g. "bob@localhost: {0/UDP/v4} 200 OK  [1 binding]"
        const done = (): boolean => /\{\d+\/UDP\/v4\} 200 /.test(lines.join(''));
        if (done()) return resolve();
        const timer = setTimeout(() => {
          outputWaiters.delete(check);
          reject(new Error(`baresip did not register in ${timeoutMs} ms:\n${lines.join('').slice(-1500)}`));
        }, timeoutMs);
        const check = (): void => {
          if (!done()) return;
          clearTimeout(timer);
          outputWaiters.delete(check);
          resolve();
        };
        outputWaiters.add(check);
      }),
    dial: (uri) => run('dial', uri),
    accept: () => run('accept'),
    hangup: () => run('hangup'),
    async recordings() {
      // Named dump-<time>-dec.wav; ordered by when they were last written, so the last is the latest call.
      const names = (await fs.readdir(recordingsDir)).filter((n) => n.endsWith('-dec.wav'));
      const files = await Promise.all(
        names.map(async (n) => {
          const file = path.join(recordingsDir, n);
          return { file, mtime: (await fs.stat(file)).mtimeMs };
        }),
      );
      return files.sort((a, b) => a.mtime - b.mtime).map((f) => f.file);
    },
    log: () => lines.join(''),
    async stop() {
      control.close();
      await stopProcess();
    },
  };
}
