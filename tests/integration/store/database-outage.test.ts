/**
 * Bad settings fail start-up with one line (unknown scheme, unreachable server, wrong password); a
 * PostgreSQL that goes away while the service runs gives clients 503 with a clear error (HTTP and
 * SIP), and the service recovers by itself once the database is back.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPostgres, type TestPostgres } from '../../support/postgres/start-postgres.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';
import { SipUser } from '../../support/store/sip-user.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const DOMAIN = 'outage.test';
let pg: TestPostgres;
const dirs: string[] = [];

beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** `npm run service`'s process with this database URL: exit code and stderr. */
function startWith(databaseUrl: string): Promise<{ code: number | null; stderr: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-badurl-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', PARLEY_DATA_DIR: dataDir, PARLEY_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('bad database settings', () => {
  it('stop start-up with one line naming the problem, never the password', async () => {
    const closedPort = await freePort();
    const [scheme, unreachable, wrongPassword, noDatabase] = await Promise.all([
      startWith('mysql://parley:s3cret-pw@127.0.0.1/parley'),
      startWith(`postgres://parley:s3cret-pw@127.0.0.1:${closedPort}/parley`),
      startWith(`postgres://parley:s3cret-pw@127.0.0.1:${pg.port}/postgres`),
      startWith(pg.url('no_such_db')),
    ]);
    const lines = (r: { stderr: string }): string[] => r.stderr.trim().split('\n');
    expect(scheme.code).toBe(1);
    expect(lines(scheme)).toEqual([
      'parley: invalid configuration: PARLEY_DATABASE_URL must be postgres://host[:port] or postgresql://host[:port] (got mysql://)',
    ]);
    expect(unreachable.code).toBe(1);
    expect(lines(unreachable)).toEqual([
      `parley: cannot start: cannot reach PostgreSQL at 127.0.0.1:${closedPort}/parley: connection refused`,
    ]);
    expect(wrongPassword.code).toBe(1);
    expect(lines(wrongPassword)).toEqual([
      `parley: cannot start: cannot sign in to PostgreSQL at 127.0.0.1:${pg.port}/postgres: wrong user or password`,
    ]);
    expect(noDatabase.code).toBe(1);
    expect(lines(noDatabase)).toEqual([
      `parley: cannot start: PostgreSQL at 127.0.0.1:${pg.port}/no_such_db: no such database`,
    ]);
    for (const r of [scheme, unreachable, wrongPassword, noDatabase]) {
      expect(r.stderr).not.toContain('s3cret-pw');
      expect(r.stderr).not.toContain(pg.password);
    }
  }, 60_000);
});

describe('PostgreSQL going away while the service runs', () => {
  let service: TestService;
  afterAll(async () => {
    await service?.stop();
  });

  it('answers 503 with a clear error (HTTP and SIP) while it is down, and recovers by itself', async () => {
    service = await startTestService({ domain: DOMAIN, databaseUrl: await pg.createDatabase() });
    const alice = await service.createAccount('alice');
    await service.createAccount('bob');
    const me = (): Promise<Response> =>
      fetch(`${service.baseUrl}/api/me`, { headers: { authorization: `Bearer ${alice.token}` } });
    expect((await me()).status).toBe(200);
    const sip = await SipUser.connect(service.sipUrl, DOMAIN, 'alice', alice.password);
    expect(await sip.message('bob', 'before', 'before the outage')).toBe(202);

    await pg.stopServer();
    const down = await me();
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toEqual({
      error: {
        code: 'storage_unavailable',
        message: 'The database is not reachable right now. Try again shortly.',
      },
    });
    expect(await sip.message('bob', 'during', 'during the outage')).toBe(503);

    await pg.startServer();
    // No restart of the service: its pool connects again on the next request.
    expect((await me()).status).toBe(200);
    expect(await sip.message('bob', 'during', 'during the outage')).toBe(202);
    const history = await fetch(`${service.baseUrl}/api/conversations/bob/messages`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(((await history.json()) as { messages: { id: string }[] }).messages.map((m) => m.id)).toEqual([
      'before',
      'during',
    ]);
    sip.close();
  }, 60_000);
});
