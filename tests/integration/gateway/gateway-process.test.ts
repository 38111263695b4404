/**
 * The gateway file in the real service process (`server/src/main.ts`): SIGHUP re-reads it, a bad file
 * keeps the old configuration with one log line, and a bad file at start stops the process with one line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-gw-proc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const example = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy/gateway.example.json'), 'utf8')) as Record<
    string,
    unknown
  >;

/** The service alone (no npm/tsx wrapper, so signals reach it), with the extras off for a quick start. */
function startProcess(gatewayFile: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    stdio: 'pipe',
    env: {
      ...process.env,
      PORT: '0',
      PARLEY_DATA_DIR: fs.mkdtempSync(path.join(dir, 'data-')),
      PARLEY_LOG_LEVEL: 'info',
      PARLEY_VOICEMAIL: 'off',
      PARLEY_ECHO: 'off',
      PARLEY_SIP_UDP: 'off',
      PARLEY_SIP_TCP: 'off',
      PARLEY_RTPENGINE: 'off',
      PARLEY_GATEWAY_FILE: gatewayFile,
      PARLEY_RATES_FILE: path.join(ROOT, 'deploy/rates.example.csv'),
    },
  });
  let output = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const w of [...waiters]) {
      const m = w.pattern.exec(output);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  /** Resolves when the output (from the start) matches; rejects if the process ends first. */
  const waitFor = (pattern: RegExp): Promise<RegExpExecArray> =>
    Promise.race([
      new Promise<RegExpExecArray>((resolve) => {
        const m = pattern.exec(output);
        if (m) resolve(m);
        else waiters.push({ pattern, resolve });
      }),
      exited.then((code) => Promise.reject(new Error(`exited (${code}): ${output}`))),
    ]);
  return { child, exited, waitFor, output: () => output };
}

describe('gateway file in the service process', () => {
  it('SIGHUP reloads it; a bad file keeps the old one and logs one line', async () => {
    const file = path.join(dir, 'gateway.json');
    fs.writeFileSync(file, JSON.stringify(example()));
    const proc = startProcess(file);
    try {
      const url = (await proc.waitFor(/"tnx":"ready","url":"([^"]+)"/))[1]!;
      const homeCountry = async (): Promise<unknown> =>
        ((await (await fetch(`${url}/api/pstn/config`)).json()) as { homeCountry?: string }).homeCountry;
      expect(await homeCountry()).toBe('US');

      fs.writeFileSync(file, JSON.stringify({ ...example(), homeCountry: 'GB' }));
      proc.child.kill('SIGHUP');
      await proc.waitFor(/"msg":"gateway configuration reloaded"/);
      expect(await homeCountry()).toBe('GB');

      fs.writeFileSync(
        file,
        JSON.stringify({
          ...example(),
          homeCountry: 'FR',
          trunks: [{ name: 'x', host: 'h', port: 0, callerId: '+15550100' }],
        }),
      );
      proc.child.kill('SIGHUP');
      const refused = await proc.waitFor(/^.*gateway reload refused.*$/m);
      expect(JSON.parse(refused[0])).toMatchObject({
        level: 'warn',
        msg: 'gateway reload refused, old configuration kept: gateway file: trunks[0].port must be 1-65535',
      });
      expect(await homeCountry()).toBe('GB');
    } finally {
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    }
  });

  it('a bad file at start stops the service with one line naming the field', async () => {
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      file,
      'homeCountry: US\ntrunks:\n  - name: carrier\n    uri: sip:127.0.0.1:99999\n    callerId: "+15550100"\n',
    );
    const proc = startProcess(file);
    expect(await proc.exited).toBe(1);
    expect(proc.output().trim().split('\n').at(-1)).toBe(
      'parley: cannot start: gateway file: trunks[0].port must be 1-65535',
    );
  });
});
