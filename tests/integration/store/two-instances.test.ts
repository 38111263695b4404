/**
 * Two Parley service instances on one PostgreSQL behave as one service for what the store owns:
 * accounts and sessions, message history, offline messages (delivered exactly once, whichever
 * instance the recipient's devices register on: the per-recipient delivery lease) and the voicemail
 * outbox (each mail sent by exactly one instance: row claims with FOR UPDATE SKIP LOCKED).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OggOpusWriter } from '../../../server/src/mail/ogg-opus-writer.js';
import { startMailServers, type MailServers } from '../../support/mail/start-mail-servers.js';
import { listMaildir, waitForMail } from '../../support/mail/wait-for-mail.js';
import { startPostgres, type TestPostgres } from '../../support/postgres/start-postgres.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';
import { SipUser } from '../../support/store/sip-user.js';

const DOMAIN = 'twins.test';
let pg: TestPostgres;
let mail: MailServers;
let a: TestService;
let b: TestService;

beforeAll(async () => {
  [pg, mail] = await Promise.all([
    startPostgres(),
    startMailServers({ users: [{ user: 'bob', password: 'bob-mail-pw' }] }),
  ]);
  const databaseUrl = await pg.createDatabase();
  const smtpUrl = `smtp://${mail.smtp.host}:${mail.smtp.port}`;
  a = await startTestService({ domain: DOMAIN, databaseUrl, smtpUrl });
  b = await startTestService({ domain: DOMAIN, databaseUrl, smtpUrl });
}, 60_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await pg?.stop();
  await mail?.stop();
});

async function api<T>(
  s: TestService,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(s.baseUrl + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as T };
}

describe('two service instances on one PostgreSQL', () => {
  it('an account made on one signs in on the other; a session of one is valid on the other', async () => {
    const alice = await a.createAccount('alice');
    const onB = await api<{ token: string }>(b, 'POST', '/api/sessions', undefined, {
      username: 'alice',
      password: alice.password,
    });
    expect(onB.status).toBe(201);
    expect((await api<{ username: string }>(b, 'GET', '/api/me', alice.token)).json.username).toBe('alice');
    expect((await api<{ username: string }>(a, 'GET', '/api/me', onB.json.token)).json.username).toBe(
      'alice',
    );
    expect(
      (await api(b, 'POST', '/api/accounts', undefined, { username: 'alice', password: 'another-pw' }))
        .status,
    ).toBe(409);
  });

  it('delivers an offline message queued through one exactly once, with devices registering on both', async () => {
    const bob = await b.createAccount('bob');
    const alice = await SipUser.connect(a.sipUrl, DOMAIN, 'alice', 'pw-alice-secret');
    // Under the per-sender burst (20): the rate limit is not what this test is about.
    const ids = Array.from({ length: 18 }, (_v, i) => `offline-${i}`);
    for (const [i, id] of ids.entries())
      expect(await alice.message('bob', id, `while you were out ${i}`)).toBe(202);

    // The history served by the other instance has them.
    const page = await api<{ messages: { id: string; state: string }[] }>(
      b,
      'GET',
      '/api/conversations/alice/messages?limit=100',
      bob.token,
    );
    expect(page.json.messages.map((m) => m.id)).toEqual(ids);

    // Bob's two devices register at once, one on each instance: each message goes out once in all.
    const [onA, onB] = await Promise.all([
      SipUser.connect(a.sipUrl, DOMAIN, 'bob', bob.password),
      SipUser.connect(b.sipUrl, DOMAIN, 'bob', bob.password),
    ]);
    expect(await Promise.all([onA.register(), onB.register()])).toEqual([200, 200]);
    await expect
      .poll(
        async () =>
          (
            await api<{ messages: { state: string }[] }>(
              a,
              'GET',
              '/api/conversations/alice/messages?limit=100',
              bob.token,
            )
          ).json.messages.every((m) => m.state === 'delivered'),
        { timeout: 20_000, interval: 50 },
      )
      .toBe(true);
    const arrived = [...onA.arrivals, ...onB.arrivals].map((m) => m.id);
    expect(arrived.sort()).toEqual([...ids].sort());
    // Whoever held the lease delivered in order.
    for (const device of [onA, onB]) {
      const seqs = device.arrivals.map((m) => m.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    for (const u of [alice, onA, onB]) u.close();
  });

  it('sends each voicemail email from exactly one instance', async () => {
    const maildir = mail.maildirOf('bob');
    const before = (await listMaildir(maildir)).length;
    const writer = new OggOpusWriter();
    writer.padTo(48_000);
    const audio = writer.finish();
    const ids: string[] = [];
    // Queued through both instances at once; both outboxes then race for the same rows.
    await Promise.all(
      Array.from({ length: 12 }, async (_v, i) => {
        const via = i % 2 ? a : b;
        ids.push(
          await via.service.voicemail.outbox.enqueue({
            to: `bob@${DOMAIN}`,
            callee: 'bob',
            callerName: 'Alice',
            callerUri: `sip:alice@${DOMAIN}`,
            startedAt: Date.now() - 2000,
            durationMs: 1000,
            audio,
          }),
        );
      }),
    );
    a.service.voicemail.outbox.start();
    b.service.voicemail.outbox.start();
    const files = await waitForMail(maildir, before + ids.length);
    await expect
      .poll(() => a.service.voicemail.outbox.pendingCount(), { timeout: 20_000, interval: 50 })
      .toBe(0);
    // Every mail is in; an instance that sent one twice would have done so before marking it sent.
    const after = await listMaildir(maildir);
    expect(after.length).toBe(before + ids.length);
    const messageIds = after
      .slice(before)
      .map((f) => /^Message-ID:\s*(\S+)/im.exec(readFileSync(f, 'utf8'))?.[1]);
    expect(new Set(messageIds).size).toBe(ids.length);
    expect(files.length).toBeGreaterThanOrEqual(ids.length);
  });
});
