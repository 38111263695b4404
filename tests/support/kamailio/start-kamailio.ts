/**
 * Starts a real Kamailio (Debian package, config `deploy/kamailio/kamailio.cfg`) on 127.0.0.1 for a
 * test, through `deploy/kamailio/run.sh`, against the SQLite file the Parley service writes.
 *
 * Kamailio cannot listen on port 0 and report the port (it advertises the port in Record-Route), so
 * a free port is found first; on the rare collision the start is retried on another port.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RUN_SH = fileURLToPath(new URL('../../../deploy/kamailio/run.sh', import.meta.url));

export interface StartKamailioOptions {
  /** `parley.db` written by the Parley service (accounts → `subscriber` rows). */
  readonly dbPath?: string;
  /** Or the service's PostgreSQL (`PARLEY_DATABASE_URL`): Kamailio reads the same tables there. */
  readonly dbUrl?: string;
  /** The Parley SIP domain (digest realm, `subscriber.domain`). */
  readonly domain: string;
  /**
   * Requests per source IP per 2 s before pike bans it. All test clients share 127.0.0.1, so the
   * default here is high (1000); a flood test sets it low.
   */
  readonly pikeDensity?: number;
  /** Seconds a flooding IP stays banned (default 60). */
  readonly banSeconds?: number;
  /** TCP/WebSocket worker processes (default 2: the CI box has 2 cores). */
  readonly workers?: number;
  /** Kamailio log level 0..3 (default 1; 2 logs a line per request). */
  readonly logLevel?: number;
  /**
   * Listen on this port (e.g. one already advertised as `PARLEY_SIP_URL` by a service started first);
   * default: a free port found now.
   */
  readonly port?: number;
  /** Also listen for plain SIP over UDP on this port (run.sh --udp-port); default: no UDP socket. */
  readonly udpPort?: number;
  /** UDP worker processes with `udpPort` (default 2). */
  readonly udpWorkers?: number;
}

export interface RunningKamailio {
  /** e.g. `ws://127.0.0.1:41234`: what a client puts where it would put the Parley service's sipUrl. */
  readonly sipUrl: string;
  readonly port: number;
  readonly pid: number;
  /** Folder with the PID file, control socket and `kamailio.log`; removed by `stop()`. */
  readonly runDir: string;
  /** Kamailio's log so far (for assertion messages). */
  readLog(): string;
  /** Runs one RPC command through the control socket (`kamcmd`), e.g. `rpc('ul.lookup', 'location', aor)`. */
  rpc(...command: string[]): Promise<string>;
  /** Stops Kamailio by its PID (TERM, then KILL after 5 s) and removes the run dir. Idempotent. */
  stop(): Promise<void>;
}

/** Finds a currently free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startKamailio(options: StartKamailioOptions): Promise<RunningKamailio> {
  const database =
    options.dbUrl !== undefined ? ['--db-url', options.dbUrl] : ['--db', options.dbPath ?? 'parley.db'];
  if (options.dbUrl === undefined && (options.dbPath === undefined || !fs.existsSync(options.dbPath))) {
    throw new Error(`no Parley database at ${options.dbPath}`);
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < (options.port === undefined ? 3 : 1); attempt++) {
    const port = options.port ?? (await freePort());
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-kamailio-'));
    const args = [
      RUN_SH,
      'start',
      ...database,
      '--domain',
      options.domain,
      '--port',
      String(port),
      '--run-dir',
      runDir,
      '--pike-density',
      String(options.pikeDensity ?? 1000),
      '--ban-seconds',
      String(options.banSeconds ?? 60),
      '--workers',
      String(options.workers ?? 2),
      '--log-level',
      String(options.logLevel ?? 1),
      ...(options.udpPort === undefined
        ? []
        : ['--udp-port', String(options.udpPort), '--udp-workers', String(options.udpWorkers ?? 2)]),
    ];
    try {
      const { stdout } = await run('bash', args, { timeout: 20_000 });
      const match = /^ready (\S+) pid=(\d+)/m.exec(stdout);
      if (!match) throw new Error(`run.sh did not report ready: ${stdout}`);
      return makeHandle(match[1]!, port, Number(match[2]), runDir);
    } catch (error) {
      lastError = error;
      fs.rmSync(runDir, { recursive: true, force: true });
      const text = String((error as { stderr?: unknown }).stderr ?? error);
      if (!/Address already in use|bind/i.test(text)) break;
    }
  }
  throw new Error(
    `Kamailio did not start: ${String((lastError as { stderr?: unknown })?.stderr ?? lastError)}`,
  );
}

function makeHandle(sipUrl: string, port: number, pid: number, runDir: string): RunningKamailio {
  let stopped: Promise<void> | undefined;
  const logFile = path.join(runDir, 'kamailio.log');
  // If the test process ends without stop() (a crashed worker, Ctrl-C), do not leave Kamailio behind.
  const onExit = (): void => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    fs.rmSync(runDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return {
    sipUrl,
    port,
    pid,
    runDir,
    readLog: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    rpc: async (...command) => {
      const socket = `unix:${path.join(runDir, 'kamailio_ctl')}`;
      const { stdout } = await run('kamcmd', ['-s', socket, ...command], { timeout: 10_000 });
      return stdout;
    },
    stop: () => {
      stopped ??= (async () => {
        process.removeListener('exit', onExit);
        await run('bash', [RUN_SH, 'stop', '--run-dir', runDir], { timeout: 15_000 });
        fs.rmSync(runDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
