/** Runs tests/support/store/service-child.ts as a separate process and waits for it to listen. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReply, ChildRequest } from './child-ipc.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChildService {
  readonly url: string;
  readonly sipUrl: string;
  readonly child: ChildProcess;
  /** `kill -9`: no close, no flush, nothing graceful. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
  /** Asks the child over its IPC channel (started with `ipc`); rejects if it dies first. */
  ask(request: DistributiveOmit<ChildRequest, 'id'>): Promise<ChildReply>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface ChildServiceOptions {
  /** Open an IPC channel (for `ask`). */
  readonly ipc?: boolean;
  /** Extra node flags, e.g. `--expose-gc`. */
  readonly nodeArgs?: readonly string[];
}

export async function startChildService(
  env: Record<string, string>,
  options: ChildServiceOptions = {},
): Promise<ChildService> {
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', 'tests/support/store/service-child.ts'];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, PARLEY_LOG_LEVEL: 'info', PARLEY_VOICEMAIL: 'off', ...env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: ChildReply) => void; reject: (e: Error) => void }>();
  child.on('message', (r: ChildReply) => {
    pending.get(r.id)?.resolve(r);
    pending.delete(r.id);
  });
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error('service exited'));
    pending.clear();
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
    ask(request) {
      return new Promise<ChildReply>((resolve, reject) => {
        const id = nextId++;
        if (!child.connected) return reject(new Error('no IPC channel to the service'));
        pending.set(id, { resolve, reject });
        child.send({ ...request, id } as ChildRequest);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
