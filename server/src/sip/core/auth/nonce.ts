/**
 * Stateless nonces (RFC 2617 §3.2.1 suggests `time-stamp H(time-stamp ":" private-key)`):
 * `<issued-at, base 36>.<random>.<HMAC-SHA-256 of both>`. The server keeps no table; an expired
 * but authentic nonce is "stale" (answer with `stale=true`, RFC 2617 §3.2.1), a forged one invalid.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type NonceCheck = 'valid' | 'stale' | 'invalid';

export interface NonceManager {
  issue(): string;
  check(nonce: string): NonceCheck;
}

export interface NonceOptions {
  readonly secret: Buffer;
  /** How long a nonce may be used; 5 minutes by default. */
  readonly lifetimeMs?: number;
  readonly now?: () => number;
}

export function createNonceManager(options: NonceOptions): NonceManager {
  const lifetime = options.lifetimeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const mac = (data: string): string =>
    createHmac('sha256', options.secret).update(data).digest('base64url').slice(0, 22);
  return {
    issue(): string {
      const data = `${now().toString(36)}.${randomBytes(9).toString('base64url')}`;
      return `${data}.${mac(data)}`;
    },
    check(nonce: string): NonceCheck {
      const parts = nonce.split('.');
      if (parts.length !== 3) return 'invalid';
      const [time = '', random = '', tag = ''] = parts;
      const expected = Buffer.from(mac(`${time}.${random}`));
      const given = Buffer.from(tag);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
      const issued = parseInt(time, 36);
      if (!Number.isFinite(issued)) return 'invalid';
      const age = now() - issued;
      // A nonce "from the future" (clock moved back) is treated as stale, never as valid forever.
      return age >= 0 && age <= lifetime ? 'valid' : 'stale';
    },
  };
}
