/** Runs tests/support/store/service-child.ts as a separate process and waits for it to listen. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChildService {
  readonly url: string;
  readonly sipUrl: string;
  readonly child: ChildProcess;
  /** `kill -9`: no close, no flush, nothing graceful. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChildService(env: Record<string, string>): Promise<ChildService> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/store/service-child.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PARLEY_LOG_LEVEL: 'info', PARLEY_VOICEMAIL: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<{ url: string; sipUrl: string }>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"tnx":"ready","url":"([^"]+)","sipUrl":"([^"]+)"/.exec(out);
      if (m) resolve({ url: m[1]!, sipUrl: m[2]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    void exited.then((code) => reject(new Error(`service exited (${code}) before it was ready: ${err}`)));
  });
  const { url, sipUrl } = await ready;
  return {
    url,
    sipUrl,
    child,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
