/**
 * Starts a REAL Exim 4 (SMTP) and Dovecot 2.3 (IMAP4 + POP3) from the config files beside this module,
 * in a temp folder, on loopback ports picked free, and stops them by PID (FIELD-NOTES "Mail").
 * Both sides share one Maildir per user, owned by Debian-exim (the uid Exim delivers as and Dovecot
 * serves as). Needs root and the Debian packages exim4-daemon-light and dovecot-imapd/pop3d.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface MailUser {
  readonly user: string;
  readonly password: string;
}

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface MailServers {
  readonly smtp: HostPort;
  readonly imap: HostPort;
  readonly pop3: HostPort;
  /** The temp folder holding configs, spool, logs and mail. */
  readonly dir: string;
  /** The user's Maildir (with `new/`, `cur/`, `tmp/` once mail arrived). */
  maildirOf(user: string): string;
  /** Stops Exim only (to test the outbox while SMTP is down). */
  stopSmtp(): Promise<void>;
  /** Starts Exim again on the same port. */
  startSmtp(): Promise<void>;
  /** Stops both servers and removes the folder. */
  stop(): Promise<void>;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
const HOST = '127.0.0.1';

function numericId(name: string, flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
}

/** A loopback TCP port that was free a moment ago (the daemons need a number before they bind). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once a server on `port` sends a greeting line starting with `prefix`. */
async function waitForGreeting(
  port: number,
  prefix: string,
  child: ChildProcess,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`mail server exited with code ${child.exitCode} before listening`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, HOST);
      socket.setTimeout(1000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString('latin1').startsWith(prefix));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (greeted) return;
    if (Date.now() > deadline) throw new Error(`no "${prefix}" greeting on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(
    () => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'),
    5000,
  );
  await exited;
  clearTimeout(timer);
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`missing config value ${key}`);
    return String(value);
  });
}

/** Starts Exim and Dovecot for `users` (lowercase local parts). */
export async function startMailServers(options: { users: readonly MailUser[] }): Promise<MailServers> {
  const uid = numericId('Debian-exim', '-u');
  const gid = numericId('Debian-exim', '-g');
  const dir = mkdtempSync('/tmp/pm-'); // short: Dovecot socket paths must stay under 108 bytes
  chmodSync(dir, 0o755);
  const [smtpPort, imapPort, pop3Port] = [await freePort(), await freePort(), await freePort()];

  for (const sub of ['exim/spool', 'exim/log', 'mail', 'dv/run', 'dv/state'])
    mkdirSync(join(dir, sub), { recursive: true });
  for (const sub of ['exim/spool', 'exim/log', 'mail']) chownSync(join(dir, sub), uid, gid);
  for (const { user } of options.users) {
    const home = join(dir, 'mail', user);
    mkdirSync(home, { recursive: true });
    chownSync(home, uid, gid);
  }
  writeFileSync(join(dir, 'exim/users'), options.users.map((u) => `${u.user}: ${u.user}`).join('\n') + '\n');
  // passwd-file: user:{PLAIN}password:uid:gid::home (Dovecot reads it as root, then serves as uid).
  writeFileSync(
    join(dir, 'dv/users'),
    options.users
      .map((u) => `${u.user}:{PLAIN}${u.password}:${uid}:${gid}::${join(dir, 'mail', u.user)}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  // Dovecot's auth process reads the user db as the `dovecot` user.
  chownSync(join(dir, 'dv/users'), numericId('dovecot', '-u'), numericId('dovecot', '-g'));
  const values = {
    DIR: dir,
    SMTP_PORT: smtpPort,
    IMAP_PORT: imapPort,
    POP3_PORT: pop3Port,
    INSTANCE: `parley-${smtpPort}`,
  };
  writeFileSync(join(dir, 'exim.conf'), fill(readFileSync(join(HERE, 'exim.conf'), 'utf8'), values));
  writeFileSync(join(dir, 'dovecot.conf'), fill(readFileSync(join(HERE, 'dovecot.conf'), 'utf8'), values));

  let exim: ChildProcess | undefined;
  const logs: string[] = [];
  const startSmtp = async (): Promise<void> => {
    // -bdf: daemon in the foreground, so the PID we hold is the listener's; -odi is the default for -bd.
    const child = spawn(
      'exim4',
      ['-C', join(dir, 'exim.conf'), '-bdf', '-oX', String(smtpPort), '-oP', join(dir, 'exim/exim.pid')],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
    exim = child;
    await waitForGreeting(smtpPort, '220', child).catch((error: Error) => {
      throw new Error(`${error.message}; exim stderr: ${logs.join('')}`);
    });
  };
  const dovecot = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  dovecot.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));

  const stop = async (): Promise<void> => {
    await Promise.all([stopChild(exim), stopChild(dovecot)]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await startSmtp();
    await waitForGreeting(imapPort, '* OK', dovecot);
    await waitForGreeting(pop3Port, '+OK', dovecot);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; stderr: ${logs.join('')}`);
  }
  return {
    smtp: { host: HOST, port: smtpPort },
    imap: { host: HOST, port: imapPort },
    pop3: { host: HOST, port: pop3Port },
    dir,
    maildirOf: (user) => join(dir, 'mail', user, 'Maildir'),
    stopSmtp: () => stopChild(exim),
    startSmtp,
    stop,
  };
}
