/**
 * Username rules, shared by the service (authoritative) and the client (live feedback).
 * See ../shared/ARCHITECTURE.md "Identity": case-insensitive — input is lowercased, then it must be
 * 3–32 characters of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter; a few names are reserved.
 */

/** Names kept for the service's own agents and for operators. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  'voicemail',
  'echo',
  'gateway',
  'admin',
  'administrator',
  'root',
  'postmaster',
  'hostmaster',
  'webmaster',
  'abuse',
  'parley',
  'operator',
  'support',
  'system',
  'anonymous',
  'sip',
  'mailer-daemon',
  'noreply',
  'no-reply',
]);

export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 32;

export type UsernameProblem =
  | 'username_missing'
  | 'username_too_short'
  | 'username_too_long'
  | 'username_invalid_start'
  | 'username_invalid_characters'
  | 'username_reserved';

export type UsernameCheck =
  | { readonly ok: true; readonly username: string }
  | {
      readonly ok: false;
      readonly username: string;
      readonly code: UsernameProblem;
      readonly reason: string;
    };

/** Lowercases and trims surrounding white space: the canonical form stored and compared. */
export function normalizeUsername(input: string): string {
  return input.trim().toLowerCase();
}

/** Checks the shape of a username (not whether it is taken). */
export function checkUsername(input: unknown): UsernameCheck {
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, username: '', code: 'username_missing', reason: 'Choose a username.' };
  }
  const username = normalizeUsername(input);
  if (username.length < USERNAME_MIN_LENGTH) {
    return fail(username, 'username_too_short', `Use at least ${USERNAME_MIN_LENGTH} characters.`);
  }
  if (username.length > USERNAME_MAX_LENGTH) {
    return fail(username, 'username_too_long', `Use at most ${USERNAME_MAX_LENGTH} characters.`);
  }
  if (!/^[a-z]/.test(username)) {
    return fail(username, 'username_invalid_start', 'Start with a letter (a–z).');
  }
  if (!/^[a-z][a-z0-9._-]*$/.test(username)) {
    return fail(
      username,
      'username_invalid_characters',
      'Use only letters, digits, dot, underscore and hyphen.',
    );
  }
  if (RESERVED_USERNAMES.has(username)) {
    return fail(username, 'username_reserved', 'This name is reserved by Parley.');
  }
  return { ok: true, username };
}

function fail(username: string, code: UsernameProblem, reason: string): UsernameCheck {
  return { ok: false, username, code, reason };
}
