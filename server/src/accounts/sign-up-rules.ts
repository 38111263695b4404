/**
 * Validation of a sign-up request, field by field, each failure with its own code
 * (`username_*` from common/username-rules.ts, `password_*`, `display_name_*`, `email_*`).
 */
import { checkUsername } from '../../../common/username-rules.js';
import { AccountError } from './account-error.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;
export const DISPLAY_NAME_MAX_LENGTH = 64;
export const EMAIL_MAX_LENGTH = 254;

export interface ValidSignUp {
  readonly username: string;
  readonly password: string;
  readonly displayName: string;
  /** '' when none was given (the default mailbox is then username@domain). */
  readonly email: string;
}

/** A pragmatic address check (one @, a dotted domain, no spaces): full RFC 5322 is not the point here. */
const EMAIL =
  /^[^\s@"<>()[\]\\,;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

// Control characters (C0, DEL, C1) have no place in a display name shown to other users.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function isValidEmail(email: string): boolean {
  return email.length <= EMAIL_MAX_LENGTH && EMAIL.test(email);
}

export function checkPassword(password: unknown): void {
  if (typeof password !== 'string' || password.length === 0) {
    throw new AccountError('invalid', 'password_missing', 'Choose a password.');
  }
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw new AccountError(
      'invalid',
      'password_too_short',
      `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
    );
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new AccountError('invalid', 'password_too_long', `Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
}

/** @throws AccountError (kind `invalid`) naming the first field that is wrong. */
export function validateSignUp(body: Readonly<Record<string, unknown>>): ValidSignUp {
  const name = checkUsername(body['username']);
  if (!name.ok) throw new AccountError('invalid', name.code, name.reason);
  checkPassword(body['password']);

  const rawDisplay = body['displayName'];
  if (rawDisplay !== undefined && rawDisplay !== null && typeof rawDisplay !== 'string') {
    throw new AccountError('invalid', 'display_name_invalid', 'The display name must be text.');
  }
  const displayName = typeof rawDisplay === 'string' ? rawDisplay.trim() : '';
  if ([...displayName].length > DISPLAY_NAME_MAX_LENGTH) {
    throw new AccountError(
      'invalid',
      'display_name_too_long',
      `Use at most ${DISPLAY_NAME_MAX_LENGTH} characters for the display name.`,
    );
  }
  if (CONTROL.test(displayName)) {
    throw new AccountError(
      'invalid',
      'display_name_invalid',
      'The display name contains control characters.',
    );
  }

  const rawEmail = body['email'];
  if (rawEmail !== undefined && rawEmail !== null && typeof rawEmail !== 'string') {
    throw new AccountError('invalid', 'email_invalid', 'The email address must be text.');
  }
  const email = typeof rawEmail === 'string' ? rawEmail.trim() : '';
  if (email !== '' && !isValidEmail(email)) {
    throw new AccountError('invalid', 'email_invalid', 'Enter a valid email address, like name@example.com.');
  }

  return {
    username: name.username,
    password: body['password'] as string,
    displayName: displayName === '' ? name.username : displayName,
    email,
  };
}
