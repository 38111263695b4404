import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountError } from '../../../../server/src/accounts/account-error.js';
import {
  createAccountService,
  type AccountService,
} from '../../../../server/src/accounts/account-service.js';
import {
  createDigestSecretSource,
  passwordCredentialId,
} from '../../../../server/src/accounts/digest-secret-source.js';
import { ha1Md5, ha1Sha256 } from '../../../../server/src/accounts/digest-ha1.js';
import { openStore } from '../../../../server/src/store/open-store.js';
import type { Store } from '../../../../server/src/store/store.js';

let dir: string;
let store: Store;
let accounts: AccountService;
let now = 1_700_000_000_000;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-unit-'));
  store = await openStore({ dataDir: dir });
  accounts = createAccountService({ store, domain: 'corp.example', now: () => now });
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<AccountError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AccountError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('availability', () => {
  it('reports shape problems, reserved names and taken names with a code and reason', async () => {
    expect(await accounts.checkAvailability('Alice')).toEqual({ username: 'alice', available: true });
    expect(await accounts.checkAvailability('al')).toMatchObject({
      available: false,
      code: 'username_too_short',
    });
    expect(await accounts.checkAvailability('voicemail')).toMatchObject({
      available: false,
      code: 'username_reserved',
    });
    expect(await accounts.checkAvailability(undefined)).toMatchObject({
      available: false,
      code: 'username_missing',
    });
    await accounts.signUp({ username: 'alice', password: 'long enough' });
    const taken = await accounts.checkAvailability('ALICE');
    expect(taken).toMatchObject({ username: 'alice', available: false, code: 'username_taken' });
    expect(taken.reason).toBeTruthy();
  });
});

describe('sign-up', () => {
  it('stores HA1s for the realm and defaults display name and mailbox', async () => {
    expect(await accounts.signUp({ username: ' Bob ', password: 'password1' })).toEqual({
      username: 'bob',
      aor: 'sip:bob@corp.example',
    });
    const record = (await store.accounts.get('bob'))!;
    expect(record.ha1Md5).toBe(ha1Md5('bob', 'corp.example', 'password1'));
    expect(record.ha1Sha256).toBe(ha1Sha256('bob', 'corp.example', 'password1'));
    expect(JSON.stringify(record)).not.toContain('password1');
    expect(await accounts.profile('bob')).toEqual({
      username: 'bob',
      displayName: 'bob',
      email: 'bob@corp.example',
      aor: 'sip:bob@corp.example',
    });
  });

  it('refuses a second account with the same name in any case', async () => {
    await accounts.signUp({ username: 'carol', password: 'password1' });
    const error = await rejection(accounts.signUp({ username: 'CaRoL', password: 'password2' }));
    expect([error.kind, error.code]).toEqual(['conflict', 'username_taken']);
  });
});

describe('sessions', () => {
  it('issues a token that authenticates, works as a SIP digest password, and dies at sign-out', async () => {
    await accounts.signUp({ username: 'dave', password: 'password1' });
    const session = await accounts.signIn('DAVE', 'password1', '10.0.0.1');
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const caller = await accounts.authenticateToken(session.token);
    expect(caller?.username).toBe('dave');

    const secrets = (await createDigestSecretSource(store, 'corp.example', () => now).getDigestSecrets(
      'dave',
    ))!;
    expect(secrets.md5).toEqual([
      ha1Md5('dave', 'corp.example', 'password1'),
      ha1Md5('dave', 'corp.example', session.token),
    ]);
    expect(secrets.sha256).toContain(ha1Sha256('dave', 'corp.example', session.token));

    await accounts.signOut(caller!);
    expect(await accounts.authenticateToken(session.token)).toBeUndefined();
    expect(
      (await createDigestSecretSource(store, 'corp.example').getDigestSecrets('dave'))!.md5,
    ).toHaveLength(1);
  });

  it('names each HA1 as a credential (the password, each token by its hash) and tells who listens when a token is signed out', async () => {
    const revoked: string[] = [];
    const service = createAccountService({
      store,
      domain: 'corp.example',
      now: () => now,
      onSessionRevoked: (tokenHash, username) => revoked.push(`${username} ${tokenHash}`),
    });
    await service.signUp({ username: 'fay', password: 'password1' });
    const { token } = await service.signIn('fay', 'password1', '10.0.0.1');
    const caller = (await service.authenticateToken(token))!;
    const secrets = (await createDigestSecretSource(store, 'corp.example', () => now).getDigestSecrets(
      'fay',
    ))!;
    expect(secrets.tokens).toEqual([
      {
        id: passwordCredentialId('fay'),
        md5: ha1Md5('fay', 'corp.example', 'password1'),
        sha256: ha1Sha256('fay', 'corp.example', 'password1'),
      },
      {
        id: caller.tokenHash,
        md5: ha1Md5('fay', 'corp.example', token),
        sha256: ha1Sha256('fay', 'corp.example', token),
      },
    ]);
    await service.signOut(caller);
    expect(revoked).toEqual([`fay ${caller.tokenHash}`]);
  });

  it('expires sessions after 30 days', async () => {
    await accounts.signUp({ username: 'erin', password: 'password1' });
    const { token } = await accounts.signIn('erin', 'password1', '10.0.0.1');
    now += 30 * 24 * 3600 * 1000 - 1;
    expect(await accounts.authenticateToken(token)).toBeDefined();
    now += 1;
    expect(await accounts.authenticateToken(token)).toBeUndefined();
  });

  it('refuses wrong passwords and unknown users alike, then throttles', async () => {
    await accounts.signUp({ username: 'frank', password: 'password1' });
    const wrong = await rejection(accounts.signIn('frank', 'password2', '10.0.0.1'));
    expect([wrong.kind, wrong.code]).toEqual(['unauthorized', 'invalid_credentials']);
    const unknown = await rejection(accounts.signIn('nobody', 'password2', '10.0.0.1'));
    expect(unknown.code).toBe('invalid_credentials');
    for (let i = 0; i < 9; i++) await rejection(accounts.signIn('frank', 'bad', '10.0.0.1'));
    const throttled = await rejection(accounts.signIn('frank', 'password1', '10.0.0.1'));
    expect([throttled.kind, throttled.code]).toEqual(['throttled', 'too_many_attempts']);
    expect(throttled.retryAfterSeconds).toBeGreaterThan(0);
    // Another address is not punished for it.
    expect((await accounts.signIn('frank', 'password1', '10.0.0.2')).token).toBeTruthy();
  });

  it('leaves out HA1s computed for another realm', async () => {
    await accounts.signUp({ username: 'gina', password: 'password1' });
    const other = createDigestSecretSource(store, 'other.example');
    expect(await other.getDigestSecrets('gina')).toEqual({ md5: [], sha256: [], tokens: [] });
    expect(await other.getDigestSecrets('nobody')).toBeUndefined();
    expect(await other.userExists('gina')).toBe(true);
    expect(await other.userExists('nobody')).toBe(false);
  });
});

describe('agent accounts', () => {
  it('creates reserved-name accounts for agents, and resets the password when called again', async () => {
    expect(await accounts.ensureAgentAccount('voicemail', 'agent-secret-1', 'Voicemail')).toEqual({
      username: 'voicemail',
      aor: 'sip:voicemail@corp.example',
    });
    expect((await accounts.profile('voicemail'))?.displayName).toBe('Voicemail');
    expect((await accounts.signIn('voicemail', 'agent-secret-1', 'in-process')).token).toBeTruthy();

    await accounts.ensureAgentAccount('voicemail', 'agent-secret-2');
    expect((await store.accounts.get('voicemail'))?.ha1Md5).toBe(
      ha1Md5('voicemail', 'corp.example', 'agent-secret-2'),
    );
    expect((await accounts.profile('voicemail'))?.displayName).toBe('Voicemail');
    const stale = await rejection(accounts.signIn('voicemail', 'agent-secret-1', 'in-process'));
    expect(stale.code).toBe('invalid_credentials');

    // Shape and password rules still hold; public sign-up still refuses the name.
    expect((await rejection(accounts.ensureAgentAccount('9bad', 'agent-secret-1'))).code).toBe(
      'username_invalid_start',
    );
    expect((await rejection(accounts.ensureAgentAccount('echo', 'short'))).code).toBe('password_too_short');
    expect((await rejection(accounts.signUp({ username: 'echo', password: 'password1' }))).code).toBe(
      'username_reserved',
    );
  });
});
