import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCredentialStore,
  storageStatus,
  type SafeStorageApi,
} from '../../../../../electron/src/main/credentials/credential-store.js';

/** A reversible fake "encryption" so tests can see that plain text never reaches the file. */
function fakeSafeStorage(backend: string | undefined, available = true): SafeStorageApi {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
    decryptString: (b) => {
      const text = b.toString();
      if (!text.startsWith('enc:')) throw new Error('cannot decrypt');
      return Buffer.from(text.slice(4), 'hex').toString();
    },
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-cred-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('credential storage status', () => {
  it('names the backend per platform and flags the Linux plain-text fallback', () => {
    expect(storageStatus(fakeSafeStorage(undefined), 'darwin')).toEqual({
      available: true,
      backend: 'keychain',
      plainTextOnly: false,
    });
    expect(storageStatus(fakeSafeStorage(undefined), 'win32')).toEqual({
      available: true,
      backend: 'dpapi',
      plainTextOnly: false,
    });
    expect(storageStatus(fakeSafeStorage('gnome_libsecret'), 'linux')).toEqual({
      available: true,
      backend: 'gnome_libsecret',
      plainTextOnly: false,
    });
    expect(storageStatus(fakeSafeStorage('basic_text'), 'linux')).toEqual({
      available: true,
      backend: 'basic_text',
      plainTextOnly: true,
    });
  });
});

describe('credential store', () => {
  it('saves encrypted, loads, deletes', async () => {
    const file = path.join(dir, 'credentials.json');
    const store = createCredentialStore(fakeSafeStorage('kwallet5'), 'linux', file);
    expect(await store.save({ account: 'alice@x.org', secret: 's3cret pass' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await readFile(file, 'utf8')).not.toContain('s3cret');
    expect(await store.load('alice@x.org')).toEqual({ ok: true, value: 's3cret pass' });
    expect(await store.load('bob@x.org')).toEqual({ ok: true, value: null });
    expect(await store.load('__proto__')).toEqual({ ok: true, value: null });
    expect(await store.remove('alice@x.org')).toEqual({ ok: true, value: null });
    expect(await store.load('alice@x.org')).toEqual({ ok: true, value: null });
  });

  it('refuses to store in plain text unless the user agreed', async () => {
    const store = createCredentialStore(fakeSafeStorage('basic_text'), 'linux', path.join(dir, 'c.json'));
    expect(await store.save({ account: 'a', secret: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'plain_text_only' },
    });
    expect(await store.load('a')).toEqual({ ok: true, value: null });
    expect(await store.save({ account: 'a', secret: 'x', allowPlainText: true })).toEqual({
      ok: true,
      value: null,
    });
  });

  it('says so when no encryption exists or the keychain changed', async () => {
    const file = path.join(dir, 'c.json');
    expect(
      await createCredentialStore(fakeSafeStorage(undefined, false), 'win32', file).save({
        account: 'a',
        secret: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    await createCredentialStore(fakeSafeStorage(undefined), 'win32', file).save({
      account: 'a',
      secret: 'x',
    });
    const broken: SafeStorageApi = {
      ...fakeSafeStorage(undefined),
      decryptString: () => {
        throw new Error('key changed');
      },
    };
    expect(await createCredentialStore(broken, 'win32', file).load('a')).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });
});
