/**
 * Runs a local rtpengine (Debian `rtpengine-daemon`, userspace: no kernel module) from
 * `deploy/rtpengine/rtpengine.conf`, with the ng port and media port range given on the command line
 * (they override the file). Ready means: it answered an ng `ping`. Used by `npm start` and by the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NgClient } from './ng-client.js';
import type { RtpengineAddress } from './rtpengine-address.js';

/** The configuration file in this repository. */
export const RTPENGINE_CONFIG = fileURLToPath(
  new URL('../../../deploy/rtpengine/rtpengine.conf', import.meta.url),
);

/** The `rtpengine` executable on PATH, or `undefined` when the package is not installed. */
export function findRtpengineBinary(envPath: string = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, 'rtpengine');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface RtpengineProcessOptions {
  readonly binary: string;
  readonly ng: RtpengineAddress;
  readonly portMin: number;
  readonly portMax: number;
  readonly configFile?: string;
  /** Give up waiting for the first `pong` after this long (default 10 s). */
  readonly readyTimeoutMs?: number;
  /** Receives rtpengine's log lines (stderr). */
  readonly onLog?: (line: string) => void;
}

export interface RtpengineProcess {
  readonly address: RtpengineAddress;
  /** The media port range it allocates from. */
  readonly portMin: number;
  readonly portMax: number;
  readonly pid: number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts rtpengine and resolves once it answers `ping`.
 * @throws Error naming the reason (exited early with its last log line, or no `pong` in time).
 */
export async function startRtpengine(options: RtpengineProcessOptions): Promise<RtpengineProcess> {
  const child = spawn(
    options.binary,
    [
      `--config-file=${options.configFile ?? RTPENGINE_CONFIG}`,
      `--listen-ng=${options.ng.host}:${options.ng.port}`,
      `--port-min=${options.portMin}`,
      `--port-max=${options.portMax}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const lines: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 20) lines.shift();
      options.onLog?.(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };

  try {
    await waitForPong(options, child, exited, lines);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address: options.ng,
    portMin: options.portMin,
    portMax: options.portMax,
    pid: child.pid ?? -1,
    stop,
  };
}

async function waitForPong(
  options: RtpengineProcessOptions,
  child: ChildProcess,
  exited: Promise<number | null>,
  lines: readonly string[],
): Promise<void> {
  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  const client = new NgClient({ address: options.ng, timeoutMs: 100, retries: 0 });
  let done = false;
  const died = exited.then((code) => {
    if (done) return;
    const last = lines.at(-1) ?? 'no output';
    throw new Error(`rtpengine exited (code ${String(code)}) before answering ping: ${last}`);
  });
  try {
    // Each probe waits up to 100 ms for the reply: rtpengine answers as soon as its ng socket is bound.
    for (;;) {
      const pong = client.ping().then(
        () => true,
        () => false,
      );
      if (await Promise.race([pong, died])) return;
      if (child.exitCode !== null) continue; // `died` rejects on the next race
      if (Date.now() > deadline) {
        throw new Error(`rtpengine did not answer ping on ${options.ng.host}:${options.ng.port} in time`);
      }
    }
  } finally {
    done = true;
    client.close();
  }
}
