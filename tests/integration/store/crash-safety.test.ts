/**
 * Crash safety on both backends: the service process is killed with SIGKILL in the middle of a burst
 * of 500 MESSAGEs to an offline user, then started again on the same data; when the user registers,
 * every MESSAGE that got a 202 is delivered, once, in the order it was accepted (RFC 3428 §7: 202 is a
 * promise the service keeps across a crash).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../support/postgres/start-postgres.js';
import { startChildService, type ChildService } from '../../support/store/child-service.js';
import { SipUser } from '../../support/store/sip-user.js';

const DOMAIN = 'crash.test';
const BURST = 500;
const KILL_AFTER = 250;

let pg: TestPostgres;
const dirs: string[] = [];
const running: ChildService[] = [];
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const s of running) await s.stop().catch(() => undefined);
  await pg?.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function signUp(baseUrl: string, username: string): Promise<string> {
  const password = `pw-${username}-secret`;
  const res = await fetch(`${baseUrl}/api/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(201);
  return password;
}

describe.each(['sqlite', 'postgres'] as const)('kill -9 in a burst of MESSAGEs (%s)', (backend) => {
  it('delivers every 202-accepted MESSAGE once and in order after a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-crash-'));
    dirs.push(dataDir);
    const env = {
      PORT: '0',
      PARLEY_DATA_DIR: dataDir,
      PARLEY_DOMAIN: DOMAIN,
      ...(backend === 'postgres' ? { PARLEY_DATABASE_URL: await pg.createDatabase() } : {}),
    };
    const first = await startChildService(env);
    running.push(first);
    const alicePw = await signUp(first.url, 'alice');
    const bobPw = await signUp(first.url, 'bob');
    const alice = await SipUser.connect(first.sipUrl, DOMAIN, 'alice', alicePw);

    // A burst: each MESSAGE sent as soon as the previous one is answered, until the kill.
    const accepted: string[] = [];
    const sent: string[] = [];
    const burst = (async () => {
      for (let i = 0; i < BURST; i++) {
        const id = `burst-${i}`;
        sent.push(id);
        const status = await alice.message('bob', id, `message ${i}`);
        if (status !== 202) throw new Error(`MESSAGE ${i}: ${status}`);
        accepted.push(id);
        if (accepted.length === KILL_AFTER) void first.kill9(); // the next ones race the kill
      }
    })().catch(() => undefined); // the socket dies with the process
    await new Promise<void>((resolve) => first.child.once('exit', () => resolve()));
    alice.close();
    await burst;
    expect(accepted.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(accepted.length).toBeLessThan(BURST);

    const second = await startChildService(env);
    running.push(second);
    const bob = await SipUser.connect(second.sipUrl, DOMAIN, 'bob', bobPw);
    expect(await bob.register()).toBe(200);
    // Everything accepted arrives; at most the one MESSAGE in flight at the kill comes on top
    // (stored, but its 202 never left): the service may keep more than it promised, never less.
    await expect
      .poll(() => bob.arrivals.length, { timeout: 60_000, interval: 50 })
      .toBeGreaterThanOrEqual(accepted.length);
    const ids = bob.arrivals.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length); // once each
    expect(ids.slice(0, accepted.length)).toEqual(accepted); // in order
    expect(ids.length - accepted.length).toBeLessThanOrEqual(1);
    expect(ids).toEqual(sent.slice(0, ids.length));
    const seqs = bob.arrivals.map((a) => a.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    bob.close();
    await second.stop();
  }, 120_000);
});
