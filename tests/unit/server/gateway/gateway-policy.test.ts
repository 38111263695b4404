import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../../../common/logger.js';
import { createGatewayPolicy, type Gateway } from '../../../../server/src/gateway/create-gateway-policy.js';
import type { Authorized, Refused } from '../../../../server/src/gateway/gateway-policy.js';
import type { Store } from '../../../../server/src/store/store.js';
import { openMemoryStore } from '../../../support/store/memory-store.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-gw-policy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const LONDON = '+44 20 7946 0018';

function gatewayFile(patch: Record<string, unknown> = {}): string {
  const example = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'deploy/gateway.example.json'), 'utf8'),
  ) as Record<string, unknown>;
  const file = path.join(dir, `gateway-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...example, ...patch }));
  return file;
}

const warnings: string[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (_fields: LogFields, message: string) => warnings.push(message),
  error: () => undefined,
  child: () => logger,
};

let store: Store;
let t: number;
const open = (patch: Record<string, unknown> = {}, file = gatewayFile(patch)): Gateway =>
  createGatewayPolicy({
    gatewayFile: file,
    ratesFile: path.join(ROOT, 'deploy/rates.example.csv'),
    pstn: store.pstn,
    logger,
    now: () => t,
  });

beforeEach(async () => {
  store = await openMemoryStore();
  t = Date.UTC(2026, 11, 7, 12, 0, 0);
  for (const u of ['alice', 'bob']) {
    await store.accounts.create(
      {
        username: u,
        displayName: u,
        email: '',
        passwordHash: 'h',
        passwordSalt: 's',
        passwordParams: '{}',
        realm: 'r',
        ha1Md5: 'a',
        ha1Sha256: 'b',
        createdAt: 0,
      },
      { username: u, domain: 'r', ha1: 'a', ha1b: 'b' },
    );
  }
  await store.pstn.setPermission('alice', true, null, 0);
  warnings.length = 0;
});

const authorized = (r: Authorized | Refused): Authorized => {
  if (!r.allowed) throw new Error(`refused: ${r.code}`);
  return r;
};

describe('gateway policy: quotes', () => {
  it('prices a London number for a permitted user', async () => {
    expect(await open().quote('alice', LONDON)).toEqual({
      e164: '+442079460018',
      destination: 'United Kingdom – London',
      ratePerMinute: '0.02',
      currency: 'EUR',
      connectFee: '0.00',
      incrementSeconds: 60,
      allowed: true,
    });
  });

  it.each([
    ['bob', LONDON, 'pstn_not_permitted', 'You have no permission to call phones'],
    ['alice', '+1 900 555 0123', 'premium_blocked', 'Premium-rate numbers are blocked'],
    ['alice', '+44 909 879 0000', 'premium_blocked', 'Premium-rate numbers are blocked'],
    [
      'alice',
      '+81 3 1234 5678',
      'unrated_destination',
      'Calls to this destination are blocked (no rate is set for it)',
    ],
  ])('refuses %s calling %s: %s', async (user, number, code, reason) => {
    expect(await open().quote(user, number)).toMatchObject({ allowed: false, code, reason });
  });

  it('refuses blocked prefixes of the file and rows marked blocked, even when not typed premium', async () => {
    const gw = open({ blockPremium: false, blockedPrefixes: ['+4420'] });
    expect(await gw.quote('alice', LONDON)).toMatchObject({
      code: 'destination_blocked',
      reason: 'Calls to United Kingdom – London are blocked',
    });
    expect(await gw.quote('alice', '+1 900 555 0123')).toMatchObject({ code: 'destination_blocked' });
  });

  it('answers invalid_number without a quote for what is not a phone number', async () => {
    expect(await open().quote('alice', 'not a number')).toEqual({
      allowed: false,
      code: 'invalid_number',
      reason: 'That is not a phone number',
    });
  });
});

describe('gateway policy: authorization, guards and CDRs', () => {
  it('bills a 65 s call 0.04, writes the CDR and frees the slots', async () => {
    const gw = open();
    const call = authorized(
      await gw.authorizeOutbound('alice', 'sip:+442079460018@parley.test;user=phone', 'c1'),
    );
    expect(call.trunks.map((tr) => tr.name)).toEqual(['carrier']);
    expect(call.maxDurationSeconds).toBe(3600);
    expect(call.claimTrunk('carrier')).toBe(true);
    expect(gw.activeCalls().trunks.get('carrier')).toBe(1);
    const answeredAt = new Date(t + 3000);
    const result = await call.finish({
      trunk: 'carrier',
      answeredAt,
      endedAt: new Date(t + 68_000),
      cause: 'normal',
    });
    expect(result).toEqual({ billedSeconds: 120, cost: '0.04', currency: 'EUR' });
    // Exactly once: a second finish changes nothing.
    expect(await call.finish({ endedAt: new Date(t + 99_000), cause: 'failed' })).toEqual(result);
    expect(gw.activeCalls()).toEqual({ users: new Map(), trunks: new Map([['carrier', 0]]) });
    expect(await gw.callRecord('alice', 'c1')).toMatchObject({
      e164: '+442079460018',
      trunk: 'carrier',
      billedSeconds: 120,
      costMicros: 40_000,
      answeredAt: t + 3000,
      cause: 'normal',
    });
    expect(await gw.callRecord('bob', 'c1')).toBeUndefined();
  });

  it('caps concurrent phone calls per user', async () => {
    const gw = open({ maxCallsPerUser: 1 });
    const first = authorized(await gw.authorizeOutbound('alice', LONDON, 'c1'));
    expect(await gw.authorizeOutbound('alice', LONDON, 'c2')).toMatchObject({
      allowed: false,
      code: 'too_many_calls',
      reason: 'You already have 1 phone call in progress',
    });
    await first.finish({ endedAt: new Date(t), cause: 'cancelled' });
    expect((await gw.authorizeOutbound('alice', LONDON, 'c3')).allowed).toBe(true);
  });

  it('caps concurrent calls per trunk, gives a slot back on failover', async () => {
    const gw = open({
      trunks: [
        { name: 'a', uri: 'sip:127.0.0.1:5090', callerId: '+15550100', priority: 1, maxConcurrentCalls: 1 },
        { name: 'b', uri: 'sip:127.0.0.1:5092', callerId: '+15550100', priority: 2, maxConcurrentCalls: 1 },
      ],
    });
    await store.pstn.setPermission('bob', true, null, 0);
    const one = authorized(await gw.authorizeOutbound('alice', LONDON, 'c1'));
    expect(one.claimTrunk('a')).toBe(true);
    const two = authorized(await gw.authorizeOutbound('bob', LONDON, 'c2'));
    expect(two.trunks.map((tr) => tr.name)).toEqual(['b']);
    expect(two.claimTrunk('a')).toBe(false);
    expect(two.claimTrunk('b')).toBe(true);
    expect(await gw.authorizeOutbound('alice', LONDON, 'c3')).toMatchObject({ code: 'no_trunk' });
    // Failover from b to a would need a's slot: a is still full; claiming again gives b's slot back.
    expect(two.claimTrunk('a')).toBe(false);
    expect(gw.activeCalls().trunks.get('b')).toBe(0);
  });

  it('enforces the daily spend cap, counts today only and caps the call length by the budget left', async () => {
    await store.pstn.setPermission('alice', true, 100_000, 0); // 0.10 EUR
    const gw = open();
    const yesterday = t - 86_400_000;
    await store.pstn.insertCall({
      callId: 'old',
      username: 'alice',
      e164: '+442079460018',
      destination: 'x',
      trunk: 'carrier',
      startedAt: yesterday,
      answeredAt: yesterday,
      endedAt: yesterday,
      billedSeconds: 600,
      costMicros: 500_000,
      currency: 'EUR',
      cause: 'normal',
    });
    const call = authorized(await gw.authorizeOutbound('alice', LONDON, 'c1'));
    expect(call.maxDurationSeconds).toBe(300); // 0.10 at 0.02/min
    // While it runs, its worst case is reserved: a second call has nothing left.
    expect(await gw.quote('alice', LONDON)).toMatchObject({
      allowed: false,
      code: 'daily_limit_reached',
      reason: 'Daily limit of 0.10 EUR reached',
    });
    await call.finish({ answeredAt: new Date(t), endedAt: new Date(t + 150_000), cause: 'normal' }); // 3 min = 0.06
    const next = authorized(await gw.authorizeOutbound('alice', LONDON, 'c2'));
    expect(next.maxDurationSeconds).toBe(120);
    await next.finish({ answeredAt: new Date(t), endedAt: new Date(t + 120_000), cause: 'normal' });
    expect(await gw.quote('alice', LONDON)).toMatchObject({ code: 'daily_limit_reached' });
    t += 86_400_000; // a new UTC day
    expect((await gw.quote('alice', LONDON)).allowed).toBe(true);
  });

  it('applies the file’s default daily limit unless the user has one', async () => {
    await store.pstn.insertCall({
      callId: 'x',
      username: 'alice',
      e164: '+1',
      destination: 'x',
      trunk: null,
      startedAt: t,
      answeredAt: t,
      endedAt: t,
      billedSeconds: 60,
      costMicros: 5_000_000,
      currency: 'EUR',
      cause: 'normal',
    });
    expect(await open({ dailyLimit: '5.00' }).quote('alice', LONDON)).toMatchObject({
      reason: 'Daily limit of 5.00 EUR reached',
    });
    await store.pstn.setPermission('alice', true, 10_000_000, 0);
    expect((await open({ dailyLimit: '5.00' }).quote('alice', LONDON)).allowed).toBe(true);
  });

  it('takes calls in only from a trunk address, for a configured DID', () => {
    const gw = open();
    expect(gw.routeInbound({ address: '127.0.0.1', port: 5090 }, '+15550100')).toMatchObject({
      did: { user: 'alice' },
      trunk: { name: 'carrier' },
    });
    expect(
      gw.routeInbound({ address: '127.0.0.1', port: 5090 }, 'sip:+15550100@parley.test;user=phone')?.did.user,
    ).toBe('alice');
    expect(gw.routeInbound({ address: '10.9.9.9', port: 5090 }, '+15550100')).toBeUndefined();
    expect(gw.routeInbound({ address: '127.0.0.1', port: 5090 }, '+15550199')).toBeUndefined();
  });
});

describe('gateway policy: reload (SIGHUP)', () => {
  it('takes a good file, keeps the old config on a bad one and logs one line', async () => {
    const file = gatewayFile();
    const gw = open({}, file);
    fs.writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), homeCountry: 'GB' }),
    );
    expect(gw.reload()).toBe(true);
    expect(gw.config().homeCountry).toBe('GB');
    expect(await gw.quote('alice', '020 7946 0018')).toMatchObject({ e164: '+442079460018' });
    fs.writeFileSync(
      file,
      JSON.stringify({
        homeCountry: 'GB',
        trunks: [{ name: 'x', uri: 'sip:h:99999', callerId: '+15550100' }],
      }),
    );
    expect(gw.reload()).toBe(false);
    expect(gw.config().homeCountry).toBe('GB');
    expect(gw.config().trunks[0]?.name).toBe('carrier');
    expect(warnings).toEqual([
      'gateway reload refused, old configuration kept: gateway file: trunks[0].port must be 1-65535',
    ]);
  });
});
