/**
 * A throw-away PostgreSQL for tests, from Debian's `postgresql` package: `initdb` into a temporary
 * folder, `pg_ctl` on a free loopback port with its socket in that folder. Nothing under /etc, no
 * system service. Durability is off (fsync, synchronous_commit): the tests kill the Parley service,
 * never this server, so only speed matters here.
 *
 * As root, PostgreSQL refuses to run: the commands then run as the `postgres` user (runuser), and the
 * folder is given to it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where Debian puts the server binaries (newest version first). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found (apt install postgresql)');
  return path.join(root, versions[0]!, 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** `postgres://user:password@127.0.0.1:port/db` */
  url(database: string): string;
  /** A fresh empty database; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Runs SQL against a database (test setup and checks). */
  query<T extends pg.QueryResultRow>(database: string, sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops the server, keeping its data (an outage). */
  stopServer(): Promise<void>;
  /** Starts it again on the same port. */
  startServer(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pg-'));
  const data = path.join(dir, 'data');
  const user = 'parley';
  const password = 'parley-test-secret';
  fs.writeFileSync(path.join(dir, 'pw'), password);
  if (asRoot) await run('chown', ['-R', 'postgres:postgres', dir]);
  const exec = (tool: string, args: string[]): Promise<{ stdout: string; stderr: string }> =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args])
      : run(path.join(bin, tool), args);

  await exec('initdb', [
    '-D',
    data,
    '-U',
    user,
    `--pwfile=${path.join(dir, 'pw')}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=60',
    '-c shared_buffers=32MB',
  ].join(' ');
  const startServer = async (): Promise<void> => {
    await exec('pg_ctl', ['start', '-w', '-t', '30', '-D', data, '-l', path.join(dir, 'log'), '-o', options]);
  };
  const stopServer = async (): Promise<void> => {
    await exec('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]);
  };
  await startServer();

  const url = (database: string): string => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  const query = async <T extends pg.QueryResultRow>(
    database: string,
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url(database) });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  let counter = 0;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    url,
    async createDatabase(name = `parley_${process.pid}_${++counter}`) {
      await query('postgres', `CREATE DATABASE ${name}`);
      return url(name);
    },
    query,
    stopServer,
    startServer,
    async stop() {
      await stopServer().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
