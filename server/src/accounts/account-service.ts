/**
 * Accounts and sessions: sign-up, availability, sign-in (password → session token), token and Basic
 * authentication, sign-out. The HTTP edge calls these; nothing here knows about HTTP.
 *
 * Session tokens: 32 random bytes, base64url, returned once. The store keeps only SHA-256(token) and the
 * digest HA1 values of (username, realm, token), so a client may REGISTER with its token as the SIP
 * password (RFC 3261 §22.4) and survive a reload without keeping the account password.
 */
import { randomBytes } from 'node:crypto';
import type {
  AccountProfile,
  CreateAccountResponse,
  SessionResponse,
  UsernameAvailability,
} from '../../../common/api-types.js';
import { checkUsername, normalizeUsername } from '../../../common/username-rules.js';
import type { AccountRecord, AccountSecrets, Store, SubscriberRecord } from '../store/store.js';
import { UsernameTakenError } from '../store/store.js';
import { AccountError } from './account-error.js';
import { ha1Md5, ha1Sha256, ha1bMd5, hashToken } from './digest-ha1.js';
import { passwordCredentialId } from './digest-secret-source.js';
import { hashPassword, verifyPassword, type PasswordHash } from './password-hash.js';
import { createFailureThrottle, type FailureThrottle } from '../../../common/failure-throttle.js';
import { PASSWORD_MAX_LENGTH, checkPassword, validateSignUp } from './sign-up-rules.js';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface AccountServiceOptions {
  readonly store: Pick<Store, 'accounts' | 'sessions'>;
  /** SIP domain, also the digest realm. */
  readonly domain: string;
  readonly now?: () => number;
  readonly sessionTtlMs?: number;
  readonly throttle?: FailureThrottle;
  /**
   * Told when a credential ends, with its id — a session token's hash (sign-out), or every token's and
   * `passwordCredentialId(username)` (password change): the SIP room ends the registrations and
   * connections made with it at once.
   */
  readonly onSessionRevoked?: (tokenHash: string, username: string) => void;
}

/** Who is calling an authenticated endpoint. */
export interface Caller {
  readonly username: string;
  /** Set when authenticated by session token (so sign-out can delete it). */
  readonly tokenHash?: string;
}

export interface AccountService {
  checkAvailability(username: unknown): Promise<UsernameAvailability>;
  /** @throws AccountError `invalid` (field codes) or `conflict` (`username_taken`). */
  signUp(body: Readonly<Record<string, unknown>>): Promise<CreateAccountResponse>;
  /** @throws AccountError `unauthorized` (`invalid_credentials`) or `throttled` (`too_many_attempts`). */
  signIn(username: unknown, password: unknown, clientAddress: string): Promise<SessionResponse>;
  authenticateToken(token: string): Promise<Caller | undefined>;
  /** HTTP Basic: same throttle as sign-in. @throws AccountError `throttled`. */
  authenticatePassword(
    username: string,
    password: string,
    clientAddress: string,
  ): Promise<Caller | undefined>;
  signOut(caller: Caller): Promise<void>;
  /**
   * Sets a new password (the sign-up rules) after checking the current one (throttled like sign-in): the
   * scrypt hash, the digest HA1s and Kamailio's subscriber row change, every session token of the user
   * is deleted, and every credential of theirs is revoked in SIP (`onSessionRevoked`).
   * @throws AccountError `forbidden` (`wrong_password`), `throttled`, or `invalid` (password codes).
   */
  changePassword(
    username: string,
    currentPassword: unknown,
    newPassword: unknown,
    clientAddress: string,
  ): Promise<void>;
  /**
   * For the service's own SIP agents (voicemail, echo, gateway…): creates the account, or resets its
   * password if it exists. Reserved names are allowed here (and only here); the shape rules still apply.
   * @throws AccountError `invalid`.
   */
  ensureAgentAccount(
    username: string,
    password: string,
    displayName?: string,
  ): Promise<CreateAccountResponse>;
  profile(username: string): Promise<AccountProfile | undefined>;
  aorOf(username: string): string;
}

export function createAccountService(options: AccountServiceOptions): AccountService {
  const { store, domain } = options;
  const now = options.now ?? Date.now;
  const ttl = options.sessionTtlMs ?? SESSION_TTL_MS;
  const throttle = options.throttle ?? createFailureThrottle({ now });
  const aorOf = (username: string): string => `sip:${username}@${domain}`;
  // Verifying against this when the user does not exist keeps "no such user" as slow as "wrong password".
  let dummyHash: Promise<PasswordHash> | undefined;
  const dummy = (): Promise<PasswordHash> => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

  const toProfile = (a: AccountRecord): AccountProfile => ({
    username: a.username,
    displayName: a.displayName,
    email: a.email === '' ? `${a.username}@${domain}` : a.email,
    aor: aorOf(a.username),
  });

  /** Password hash, HA1s for this realm, and the matching Kamailio `subscriber` row. */
  async function secretsFor(
    username: string,
    password: string,
  ): Promise<{ secrets: AccountSecrets; subscriber: SubscriberRecord }> {
    const hash = await hashPassword(password);
    const md5 = ha1Md5(username, domain, password);
    return {
      secrets: {
        passwordHash: hash.hash,
        passwordSalt: hash.salt,
        passwordParams: hash.params,
        realm: domain,
        ha1Md5: md5,
        ha1Sha256: ha1Sha256(username, domain, password),
      },
      subscriber: { username, domain, ha1: md5, ha1b: ha1bMd5(username, domain, password) },
    };
  }

  /** Checks a password with throttling; returns the account on success. */
  async function verify(
    usernameInput: unknown,
    password: unknown,
    clientAddress: string,
  ): Promise<AccountRecord | undefined> {
    if (typeof usernameInput !== 'string' || typeof password !== 'string') return undefined;
    const username = normalizeUsername(usernameInput);
    const key = `${username}\n${clientAddress}`;
    const wait = throttle.retryAfterSeconds(key);
    if (wait > 0) {
      throw new AccountError(
        'throttled',
        'too_many_attempts',
        'Too many failed sign-ins. Try again later.',
        wait,
      );
    }
    const account = username.length <= 64 ? await store.accounts.get(username) : undefined;
    const candidate = password.length <= PASSWORD_MAX_LENGTH ? password : '';
    const ok =
      account === undefined
        ? (await verifyPassword(candidate, await dummy()), false)
        : candidate !== '' &&
          (await verifyPassword(candidate, {
            hash: account.passwordHash,
            salt: account.passwordSalt,
            params: account.passwordParams,
          }));
    if (!ok) {
      throttle.recordFailure(key);
      return undefined;
    }
    throttle.recordSuccess(key);
    return account;
  }

  return {
    aorOf,

    async checkAvailability(input) {
      const check = checkUsername(input);
      if (!check.ok)
        return { username: check.username, available: false, code: check.code, reason: check.reason };
      if ((await store.accounts.get(check.username)) !== undefined) {
        return {
          username: check.username,
          available: false,
          code: 'username_taken',
          reason: 'This username is taken.',
        };
      }
      return { username: check.username, available: true };
    },

    async signUp(body) {
      const valid = validateSignUp(body);
      if ((await store.accounts.get(valid.username)) !== undefined) throw taken();
      const { secrets, subscriber } = await secretsFor(valid.username, valid.password);
      const account: AccountRecord = {
        username: valid.username,
        displayName: valid.displayName,
        email: valid.email,
        ...secrets,
        createdAt: now(),
      };
      try {
        await store.accounts.create(account, subscriber);
      } catch (error) {
        if (error instanceof UsernameTakenError) throw taken();
        throw error;
      }
      return { username: valid.username, aor: aorOf(valid.username) };
    },

    async signIn(username, password, clientAddress) {
      const account = await verify(username, password, clientAddress);
      if (account === undefined) {
        throw new AccountError('unauthorized', 'invalid_credentials', 'Wrong username or password.');
      }
      const token = randomBytes(32).toString('base64url');
      const created = now();
      await store.sessions.create({
        tokenHash: hashToken(token),
        username: account.username,
        createdAt: created,
        expiresAt: created + ttl,
        realm: domain,
        ha1Md5: ha1Md5(account.username, domain, token),
        ha1Sha256: ha1Sha256(account.username, domain, token),
      });
      return { token, account: toProfile(account) };
    },

    async authenticateToken(token) {
      if (token.length === 0 || token.length > 256) return undefined;
      const tokenHash = hashToken(token);
      const session = await store.sessions.get(tokenHash, now());
      return session === undefined ? undefined : { username: session.username, tokenHash };
    },

    async authenticatePassword(username, password, clientAddress) {
      const account = await verify(username, password, clientAddress);
      return account === undefined ? undefined : { username: account.username };
    },

    async ensureAgentAccount(username, password, displayName) {
      const check = checkUsername(username);
      if (!check.ok && check.code !== 'username_reserved')
        throw new AccountError('invalid', check.code, check.reason);
      checkPassword(password);
      const name = check.username;
      const { secrets, subscriber } = await secretsFor(name, password);
      if (!(await store.accounts.updateSecrets(name, secrets, subscriber))) {
        try {
          await store.accounts.create(
            { username: name, displayName: displayName ?? name, email: '', ...secrets, createdAt: now() },
            subscriber,
          );
        } catch (error) {
          // Created concurrently: set the password on that one.
          if (!(error instanceof UsernameTakenError)) throw error;
          await store.accounts.updateSecrets(name, secrets, subscriber);
        }
      }
      return { username: name, aor: aorOf(name) };
    },

    async signOut(caller) {
      if (caller.tokenHash === undefined) return;
      await store.sessions.delete(caller.tokenHash);
      options.onSessionRevoked?.(caller.tokenHash, caller.username);
    },

    async changePassword(username, currentPassword, newPassword, clientAddress) {
      const account = await verify(username, currentPassword, clientAddress);
      if (account === undefined) {
        throw new AccountError('forbidden', 'wrong_password', 'The current password is not right.');
      }
      checkPassword(newPassword);
      const { secrets, subscriber } = await secretsFor(account.username, newPassword as string);
      if (!(await store.accounts.updateSecrets(account.username, secrets, subscriber))) {
        throw new AccountError('not_found', 'user_not_found', 'No such user.');
      }
      const sessions = await store.sessions.listLive(account.username, now());
      await Promise.all(sessions.map((s) => store.sessions.delete(s.tokenHash)));
      for (const id of [passwordCredentialId(account.username), ...sessions.map((s) => s.tokenHash)]) {
        options.onSessionRevoked?.(id, account.username);
      }
    },

    async profile(username) {
      const account = await store.accounts.get(username);
      return account === undefined ? undefined : toProfile(account);
    },
  };
}

function taken(): AccountError {
  return new AccountError('conflict', 'username_taken', 'This username is taken.');
}
