/**
 * Password storage: scrypt (RFC 7914) with a per-user random salt; comparison is timing-safe.
 * Parameters are stored with each hash so they can be raised later without breaking old accounts.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keylen: number;
}

/** ~50 ms on one core here; 16 MiB of memory per hash (128 · N · r bytes). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1, keylen: 64 };

export interface PasswordHash {
  /** hex */
  readonly hash: string;
  /** hex */
  readonly salt: string;
  /** JSON of `ScryptParams` */
  readonly params: string;
}

function scryptAsync(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, params.keylen, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params);
  return { hash: key.toString('hex'), salt: salt.toString('hex'), params: JSON.stringify(params) };
}

function parseParams(json: string): ScryptParams | undefined {
  try {
    const p = JSON.parse(json) as Partial<ScryptParams>;
    const ok = [p.N, p.r, p.p, p.keylen].every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0);
    return ok ? (p as ScryptParams) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `password` matches the stored hash. Never throws on a malformed record: it just says no. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const params = parseParams(stored.params);
  if (params === undefined) return false;
  const expected = Buffer.from(stored.hash, 'hex');
  if (expected.length !== params.keylen) return false;
  const actual = await scryptAsync(password, Buffer.from(stored.salt, 'hex'), params);
  return timingSafeEqual(actual, expected);
}
