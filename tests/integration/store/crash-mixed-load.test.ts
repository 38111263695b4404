/**
 * Crash and restart lose nothing (issue 14 item 5): the real service in its own process under a mixed
 * load — HTTP sign-ups, MESSAGEs to an offline user over SIP, and voicemails stored through the
 * voicemail outbox (the call the voicemail agent makes once a recording ends) — is killed with SIGKILL
 * at seeded random moments, three times, and started again on the same SQLite data. Afterwards:
 * every sign-up that got 201 signs in; no account exists without its SIP subscriber row (or the
 * reverse); every MESSAGE that got 202 reaches the recipient exactly once (RFC 3428 §7); every
 * acknowledged voicemail is in the box exactly once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VoicemailListResponse } from '../../../common/api-types.js';
import { silentLogger } from '../../../common/logger.js';
import { openStore } from '../../../server/src/store/open-store.js';
import { Prng } from '../../support/fuzz/prng.js';
import { startChildService, type ChildService } from '../../support/store/child-service.js';
import { SipUser } from '../../support/store/sip-user.js';

const DOMAIN = 'crash.test';
const ROUNDS = 3;
const SEED = Number(process.env['PARLEY_CRASH_SEED'] ?? 7);
const pw = (u: string): string => `pw-${u}-secret`;

const dirs: string[] = [];
const running: ChildService[] = [];
afterAll(async () => {
  for (const s of running) await s.stop().catch(() => undefined);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('kill -9 during sign-ups, messages and voicemails (sqlite)', () => {
  it('keeps every acknowledged sign-up, message and voicemail, once, and no half-created account', async () => {
    const rng = new Prng(SEED);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-crash-mix-'));
    dirs.push(dataDir);
    const env = { PORT: '0', PARLEY_DATA_DIR: dataDir, PARLEY_DOMAIN: DOMAIN, PARLEY_LOG_LEVEL: 'warn' };
    const start = async (): Promise<ChildService> => {
      const s = await startChildService(env, { ipc: true });
      running.push(s);
      return s;
    };

    let service = await start();
    for (const u of ['alice', 'bob'])
      expect(await post(`${service.url}/api/accounts`, { username: u, password: pw(u) })).toBe(201);

    const triedSignUps: string[] = [];
    const signedUp: string[] = [];
    const acceptedMessages: string[] = [];
    const ackedVoicemails: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const s = service;
      const alice = await SipUser.connect(s.sipUrl, DOMAIN, 'alice', pw('alice'));
      let dead = false;
      const died = new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
      void died.then(() => (dead = true));
      const signUps = (async () => {
        for (let i = 0; !dead; i++) {
          const u = `r${round}u${i}`;
          triedSignUps.push(u);
          if ((await post(`${s.url}/api/accounts`, { username: u, password: pw(u) })) === 201)
            signedUp.push(u);
        }
      })().catch(() => undefined);
      const messages = (async () => {
        for (let i = 0; !dead; i++) {
          const id = `r${round}m${i}`;
          if ((await alice.message('bob', id, `message ${id}`)) === 202) acceptedMessages.push(id);
        }
      })().catch(() => undefined);
      const voicemails = (async () => {
        while (!dead) {
          const r = await s.ask({ type: 'voicemail', callee: 'bob', caller: 'alice' });
          if (r.type === 'voicemail' && r.outboxId) ackedVoicemails.push(r.outboxId);
        }
      })().catch(() => undefined);
      // Once each kind of load has had an answer, a seeded random moment later: SIGKILL (no close, no flush).
      const counts = [signedUp.length, acceptedMessages.length, ackedVoicemails.length];
      await expect
        .poll(
          () =>
            [signedUp.length, acceptedMessages.length, ackedVoicemails.length].every(
              (n, k) => n > counts[k]!,
            ),
          {
            timeout: 60_000,
            interval: 20,
          },
        )
        .toBe(true);
      await new Promise((resolve) => setTimeout(resolve, rng.int(800)));
      await s.kill9();
      await Promise.all([signUps, messages, voicemails]);
      alice.close();
      service = await start();
    }
    console.log(
      `crash seed ${SEED}: ${signedUp.length} sign-ups, ${acceptedMessages.length} messages, ${ackedVoicemails.length} voicemails acknowledged over ${ROUNDS} kills`,
    );
    expect(signedUp.length).toBeGreaterThanOrEqual(ROUNDS);
    expect(acceptedMessages.length).toBeGreaterThanOrEqual(ROUNDS);
    expect(ackedVoicemails.length).toBeGreaterThanOrEqual(ROUNDS);

    // Every 201 signs in.
    for (const u of signedUp)
      expect(await post(`${service.url}/api/sessions`, { username: u, password: pw(u) })).toBe(201);
    // Every 202 arrives once (at most the one in flight at each kill comes on top).
    const bob = await SipUser.connect(service.sipUrl, DOMAIN, 'bob', pw('bob'));
    expect(await bob.register()).toBe(200);
    await expect
      .poll(() => acceptedMessages.every((id) => bob.arrivals.some((a) => a.id === id)), {
        timeout: 60_000,
        interval: 100,
      })
      .toBe(true);
    const ids = bob.arrivals.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length - acceptedMessages.length).toBeLessThanOrEqual(ROUNDS);
    bob.close();
    // Every acknowledged voicemail is in bob's box once.
    const token = await fetch(`${service.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', password: pw('bob') }),
    }).then(async (r) => ((await r.json()) as { token: string }).token);
    const box = (await fetch(`${service.url}/api/voicemails`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json())) as VoicemailListResponse;
    const boxIds = box.voicemails.map((v) => v.id);
    expect(new Set(boxIds).size).toBe(boxIds.length);
    for (const id of ackedVoicemails) expect(boxIds).toContain(id);
    expect(boxIds.length - ackedVoicemails.length).toBeLessThanOrEqual(ROUNDS);
    await service.stop();

    // No half-created account: the account row and its SIP subscriber row exist together or not at all.
    const store = await openStore({ dataDir, databaseUrl: undefined, logger: silentLogger });
    try {
      for (const u of triedSignUps) {
        const account = await store.accounts.get(u);
        const subscriber = await store.accounts.subscriber(u, DOMAIN);
        expect({ u, account: account !== undefined }).toEqual({ u, account: subscriber !== undefined });
      }
    } finally {
      await store.close();
    }
  }, 180_000);
});
