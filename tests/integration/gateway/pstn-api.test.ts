/**
 * The PSTN policy over real HTTP against the real service (issue 11): quotes before dialing, the
 * operator's admin command run as a real process on the running service's store, the guards the quote
 * reports, and the caller's own CDR after a call the gateway authorized and finished.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PstnAvailability, PstnCallResponse, PstnQuoteResponse } from '../../../common/pstn-types.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestAccount, type TestService } from '../../support/service/test-service.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

let svc: TestService;
let api: ApiClient;
let alice: TestAccount;
let bob: TestAccount;

/**
 * The admin command on the test service's store, as an operator runs it: through `npm run admin` when
 * `viaNpm`, else the same entry point with tsx directly (npm adds a second or two per run here).
 */
async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const viaNpm = args[0] === 'npm';
  const rest = viaNpm ? args.slice(1) : args;
  const [file, argv] = viaNpm
    ? ['npm', ['run', '--silent', 'admin', '--', ...rest]]
    : [path.join(ROOT, 'node_modules/.bin/tsx'), ['server/src/admin/admin-main.ts', ...rest]];
  try {
    const { stdout, stderr } = await run(file, argv, {
      cwd: ROOT,
      env: { ...process.env, PARLEY_DATA_DIR: svc.dataDir, PARLEY_DATABASE_URL: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const quote = (who: TestAccount, number: string) =>
  api.get<PstnQuoteResponse>(`/api/pstn/quote?number=${encodeURIComponent(number)}`, { token: who.token });

beforeAll(async () => {
  svc = await startTestService({
    gateway: {
      gatewayFile: path.join(ROOT, 'deploy/gateway.example.json'),
      ratesFile: path.join(ROOT, 'deploy/rates.example.csv'),
    },
  });
  api = apiClient(svc.baseUrl);
  alice = await svc.createAccount('alice');
  bob = await svc.createAccount('bob');
});
afterAll(async () => {
  await svc?.stop();
});

describe('PSTN over HTTP', () => {
  it('says phone calls are available, with the home country', async () => {
    const reply = await api.get<PstnAvailability>('/api/pstn/config');
    expect(reply.body).toEqual({ available: true, homeCountry: 'US' });
  });

  it('quotes only for a signed-in user, and refuses until the operator allows', async () => {
    expect((await api.get('/api/pstn/quote?number=%2B442079460018')).status).toBe(401);
    const reply = await quote(alice, '+44 20 7946 0018');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      e164: '+442079460018',
      destination: 'United Kingdom – London',
      ratePerMinute: '0.02',
      currency: 'EUR',
      allowed: false,
      code: 'pstn_not_permitted',
      reason: 'You have no permission to call phones',
    });
  });

  it('the admin command grants permission on the running service’s store; the quote changes', async () => {
    const granted = await admin('npm', 'pstn', 'allow', 'Alice', '--daily-limit', '5.00');
    expect(granted).toMatchObject({
      code: 0,
      stdout: 'alice: may call phones; daily limit 5.00; spent today 0.00\n',
    });
    expect((await quote(alice, '+44 20 7946 0018')).body).toEqual({
      e164: '+442079460018',
      destination: 'United Kingdom – London',
      ratePerMinute: '0.02',
      currency: 'EUR',
      connectFee: '0.00',
      incrementSeconds: 60,
      allowed: true,
    });
    // Other users are still refused; premium numbers are refused even to alice.
    expect((await quote(bob, '+442079460018')).body.code).toBe('pstn_not_permitted');
    expect((await quote(alice, '+1 900 555 0123')).body).toMatchObject({
      allowed: false,
      code: 'premium_blocked',
      reason: 'Premium-rate numbers are blocked',
    });
    // National numbers read with the home country (US).
    expect((await quote(alice, '(202) 555-0123')).body).toMatchObject({
      e164: '+12025550123',
      destination: 'United States',
      allowed: true,
    });

    const denied = await admin('pstn', 'deny', 'alice');
    expect(denied.stdout).toBe('alice: may not call phones; daily limit 5.00; spent today 0.00\n');
    expect((await quote(alice, '+442079460018')).body.code).toBe('pstn_not_permitted');
  });

  it('the admin command names an unknown user and a bad amount, and changes nothing', async () => {
    const unknown = await admin('pstn', 'allow', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('parley admin: no such user "nobody"\n');
    const badAmount = await admin('pstn', 'allow', 'bob', '--daily-limit', 'lots');
    expect(badAmount.code).toBe(1);
    expect(badAmount.stderr).toContain('--daily-limit must be an amount such as 5.00, or none');
    expect((await quote(bob, '+442079460018')).body.code).toBe('pstn_not_permitted');
  });

  it('answers 400 invalid_number for what is not a phone number', async () => {
    for (const text of ['alice', '12', 'x'.repeat(100)]) {
      const reply = await quote(alice, text);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ error: { code: 'invalid_number' } });
    }
  });

  it('shows a finished call’s CDR (0.04 for 65 s) to its caller only, then the spend cap refuses', async () => {
    await admin('pstn', 'allow', 'alice', '--daily-limit', '0.04');
    const gateway = svc.service.gateway!;
    const call = await gateway.authorizeOutbound(
      'alice',
      'sip:+442079460018@localhost;user=phone',
      'cdr-1@test',
    );
    if (!call.allowed) throw new Error(call.reason);
    expect(call.maxDurationSeconds).toBe(120);
    expect(call.claimTrunk('carrier')).toBe(true);
    const answered = Date.now();
    await call.finish({
      trunk: 'carrier',
      answeredAt: new Date(answered),
      endedAt: new Date(answered + 65_000),
      cause: 'normal',
    });

    const mine = await api.get<PstnCallResponse>('/api/pstn/calls/cdr-1%40test', { token: alice.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      callId: 'cdr-1@test',
      e164: '+442079460018',
      destination: 'United Kingdom – London',
      trunk: 'carrier',
      durationSeconds: 65,
      billedSeconds: 120,
      cost: '0.04',
      currency: 'EUR',
      cause: 'normal',
    });
    expect((await api.get('/api/pstn/calls/cdr-1%40test', { token: bob.token })).status).toBe(404);
    expect((await api.get('/api/pstn/calls/nothing', { token: alice.token })).body).toMatchObject({
      error: { code: 'call_not_found' },
    });
    expect((await quote(alice, '+442079460018')).body).toMatchObject({
      allowed: false,
      code: 'daily_limit_reached',
      reason: 'Daily limit of 0.04 EUR reached',
    });
    expect((await admin('pstn', 'show', 'alice')).stdout).toBe(
      'alice: may call phones; daily limit 0.04; spent today 0.04\n',
    );
  });
});

describe('PSTN not configured, or configured badly', () => {
  it('without PARLEY_GATEWAY_FILE: unavailable, quotes answer 404 pstn_unavailable', async () => {
    const plain = await startTestService();
    try {
      const client = apiClient(plain.baseUrl);
      const carol = await plain.createAccount('carol');
      expect((await client.get('/api/pstn/config')).body).toEqual({ available: false });
      const reply = await client.get('/api/pstn/quote?number=%2B442079460018', { token: carol.token });
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({ error: { code: 'pstn_unavailable' } });
    } finally {
      await plain.stop();
    }
  });

  it('a bad gateway file fails start-up with one line naming the field', async () => {
    await expect(
      startTestService({ gateway: { gatewayFile: path.join(ROOT, 'deploy/rates.example.csv') } }),
    ).rejects.toThrow(/^gateway file: .*rates\.example\.csv is not valid JSON/);
  });
});
