import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  onStdout?: (text: string) => void,
) {
  const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, exited };
}

describe('npm run service', () => {
  it('refuses PORT=abc with one line on stderr and exit code 1', async () => {
    const { exited } = run('npm', ['run', 'service'], {
      PORT: 'abc',
      PARLEY_DATA_DIR: path.join(os.tmpdir(), 'parley-never'),
    });
    const { code, stderr } = await exited;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'parley: invalid configuration: PORT must be an integer from 0 to 65535, got "abc"',
    ]);
  });

  it('starts, serves, and exits 0 on SIGTERM', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-proc-'));
    try {
      let announce: (url: string) => void = () => undefined;
      const ready = new Promise<string>((resolve) => (announce = resolve));
      // One process (no npm/tsx wrapper) so the signal reaches the service itself.
      const { child, exited } = run(
        process.execPath,
        ['--import', 'tsx', 'server/src/main.ts'],
        { PORT: '0', PARLEY_DATA_DIR: dataDir, PARLEY_LOG_LEVEL: 'info' },
        (text) => {
          const match = /"tnx":"ready","url":"([^"]+)"/.exec(text);
          if (match !== null) announce(match[1]!);
        },
      );
      const url = await Promise.race([
        ready,
        exited.then((e) => Promise.reject(new Error(`exited early: ${e.stderr}`))),
      ]);
      const config = await fetch(url + '/api/config', { headers: { connection: 'close' } });
      expect(config.status).toBe(200);
      child.kill('SIGTERM');
      const { code, stdout } = await exited;
      expect(code).toBe(0);
      expect(stdout).toContain('"msg":"service closed"');
      await expect(fs.stat(path.join(dataDir, 'parley.db'))).resolves.toBeTruthy();
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
