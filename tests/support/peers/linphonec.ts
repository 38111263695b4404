/**
 * A real linphonec 5.1 (Debian `linphone-cli`) for tests, set up per FIELD-NOTES: its own HOME, run from
 * a copy of the config it writes back on exit, SIP on a UDP (default) or TCP port chosen at run time
 * (the other transport off), and no sound card:
 * `soundcard use files` with `play` (a known tone) and `record` (what it heard). Driven on stdin; call
 * progress is read from its stdout lines.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePortRun, freeSipPort } from './free-port.js';
import { writeToneWav } from './tone.js';

export interface LinphonecOptions {
  readonly user?: string;
  /** The tone it plays as its microphone (default 660 Hz). */
  readonly toneHz?: number;
  /** Codecs to enable (others off), default PCMU and PCMA. */
  readonly codecs?: readonly ('opus' | 'PCMU' | 'PCMA')[];
  /** Register to a registrar at `hostPort` for `domain` with digest `password`. */
  readonly registrar?: { readonly hostPort: string; readonly domain: string; readonly password: string };
  /**
   * Its one SIP transport (default `udp`): it listens on that alone and reaches its registrar over it,
   * so with `tcp` every request it sends or gets travels over TCP (RFC 3261 §18.2).
   */
  readonly transport?: 'udp' | 'tcp';
}

export interface Linphonec {
  readonly sipPort: number;
  readonly uri: string;
  /** What it heard in its calls (a WAV, complete once a call has ended). */
  readonly recording: string;
  /** Writes one command line to its stdin. */
  send(command: string): void;
  /** How much it has printed so far: pass to `waitForLine` to look only at what comes after. */
  mark(): number;
  /** Resolves on the first output (already printed after `from`, or to come) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number, from?: number): Promise<string>;
  /**
   * Resolves once its registrar accepted it. linphonec 5.1 prints nothing when a registration succeeds,
   * so this asks (`proxy list`, "registered: yes") every 100 ms until it says so.
   */
  registered(timeoutMs?: number): Promise<void>;
  log(): string;
  stop(): Promise<void>;
}

const CODECS = ['opus', 'PCMU', 'PCMA'] as const;

export async function startLinphonec(options: LinphonecOptions = {}): Promise<Linphonec> {
  const user = options.user ?? 'carol';
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `parley-linphonec-${user}-`));
  const home = path.join(dir, 'home');
  await fs.mkdir(path.join(home, '.local', 'share', 'linphone'), { recursive: true });
  const sipPort = await freeSipPort();
  const rtpPort = await freePortRun(2);
  const tone = path.join(dir, 'tone.wav');
  const recording = path.join(dir, 'heard.wav');
  await writeToneWav(tone, options.toneHz ?? 660, 3, 0.5);
  const enabled = new Set(options.codecs ?? ['PCMU', 'PCMA']);
  const transport = options.transport ?? 'udp';
  const rc = [
    '[sip]',
    `sip_port=${transport === 'udp' ? sipPort : -1}`,
    `sip_tcp_port=${transport === 'tcp' ? sipPort : -1}`,
    'sip_tls_port=-1',
    `contact=sip:${user}@127.0.0.1:${sipPort}`,
    'guess_hostname=0',
    'register_only_when_network_is_up=0',
    'media_encryption=none',
    ...(options.registrar === undefined ? [] : ['default_proxy=0']),
    '[rtp]',
    `audio_rtp_port=${rtpPort}`,
    ...CODECS.flatMap((mime, i) => [
      `[audio_codec_${i}]`,
      `mime=${mime}`,
      `rate=${mime === 'opus' ? 48000 : 8000}`,
      `channels=${mime === 'opus' ? 2 : 1}`,
      `enabled=${enabled.has(mime) ? 1 : 0}`,
    ]),
    ...(options.registrar === undefined
      ? []
      : [
          '[proxy_0]',
          `reg_proxy=<sip:${options.registrar.hostPort};transport=${transport}>`,
          // Calls too go through the registrar (else linphonec resolves the callee's domain itself).
          `reg_route=<sip:${options.registrar.hostPort};transport=${transport};lr>`,
          `reg_identity=sip:${user}@${options.registrar.domain}`,
          'reg_expires=600',
          'reg_sendregister=1',
          '[auth_info_0]',
          `username=${user}`,
          `passwd=${options.registrar.password}`,
          `realm=${options.registrar.domain}`,
          `domain=${options.registrar.domain}`,
        ]),
    '',
  ].join('\n');
  // linphonec rewrites its -c file on exit: it runs from a copy, the original stays as written.
  await fs.writeFile(path.join(dir, 'linphonerc.orig'), rc);
  await fs.copyFile(path.join(dir, 'linphonerc.orig'), path.join(dir, 'linphonerc'));

  const child = spawn('linphonec', ['-c', path.join(dir, 'linphonerc')], {
    cwd: dir,
    env: { ...process.env, HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<{ pattern: RegExp; from: number; resolve: (line: string) => void }>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(output.slice(waiter.from));
      if (match !== null) {
        waiters.delete(waiter);
        waiter.resolve(match[0]);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const send = (command: string): void => {
    child.stdin.write(`${command}\n`);
  };
  const waitForLine = (pattern: RegExp, timeoutMs = 10_000, from = 0): Promise<string> => {
    const seen = pattern.exec(output.slice(from));
    if (seen !== null) return Promise.resolve(seen[0]);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(`linphonec: no ${String(pattern)} in ${timeoutMs} ms; output:\n${output.slice(-2000)}`),
        );
      }, timeoutMs);
      const waiter = {
        pattern,
        from,
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      waiters.add(waiter);
    });
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      send('quit');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    await fs.rm(dir, { recursive: true, force: true });
  };

  try {
    // Without this its SDP offers an IPv6 address even when bound to 127.0.0.1 (baresip: "AF not available").
    send('ipv6 disable');
    send('soundcard use files');
    send(`play ${tone}`);
    send(`record ${recording}`);
    // The prompt answers each command; the last one confirms the files are set before any call.
    send('soundcard show');
    await waitForLine(/linphonec> /);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    sipPort,
    uri: `sip:${user}@127.0.0.1:${sipPort}${transport === 'tcp' ? ';transport=tcp' : ''}`,
    recording,
    send,
    mark: () => output.length,
    async registered(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const from = output.length;
        send('proxy list');
        const answer = await waitForLine(/registered: (yes|no)/, 5000, from);
        if (answer.endsWith('yes')) return;
        if (Date.now() > deadline) throw new Error(`linphonec did not register in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    waitForLine,
    log: () => output,
    stop,
  };
}
