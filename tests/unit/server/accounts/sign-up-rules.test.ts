import { describe, expect, it } from 'vitest';
import { AccountError } from '../../../../server/src/accounts/account-error.js';
import { isValidEmail, validateSignUp } from '../../../../server/src/accounts/sign-up-rules.js';

function codeOf(body: Record<string, unknown>): string {
  try {
    validateSignUp(body);
  } catch (error) {
    if (error instanceof AccountError) return error.code;
    throw error;
  }
  return 'ok';
}

describe('sign-up rules', () => {
  const base = { username: 'alice', password: 'password1' };

  it.each([
    [{ ...base }, 'ok'],
    [{ ...base, username: undefined }, 'username_missing'],
    [{ ...base, username: 'ab' }, 'username_too_short'],
    [{ ...base, username: 'a'.repeat(33) }, 'username_too_long'],
    [{ ...base, username: '1alice' }, 'username_invalid_start'],
    [{ ...base, username: 'al ice' }, 'username_invalid_characters'],
    [{ ...base, username: 'Admin' }, 'username_reserved'],
    [{ ...base, password: undefined }, 'password_missing'],
    [{ ...base, password: 12345678 }, 'password_missing'],
    [{ ...base, password: '1234567' }, 'password_too_short'],
    [{ ...base, password: 'x'.repeat(1025) }, 'password_too_long'],
    [{ ...base, password: 'x'.repeat(1024) }, 'ok'],
    [{ ...base, displayName: 'x'.repeat(65) }, 'display_name_too_long'],
    [{ ...base, displayName: 'x'.repeat(64) }, 'ok'],
    [{ ...base, displayName: 7 }, 'display_name_invalid'],
    [{ ...base, displayName: 'a\u0007b' }, 'display_name_invalid'],
    [{ ...base, email: 'not-an-email' }, 'email_invalid'],
    [{ ...base, email: 5 }, 'email_invalid'],
    [{ ...base, email: '' }, 'ok'],
  ])('%j → %s', (body, code) => {
    expect(codeOf(body)).toBe(code);
  });

  it('normalizes the result', () => {
    expect(
      validateSignUp({
        username: ' Alice ',
        password: 'password1',
        displayName: '  ',
        email: ' a@b.example ',
      }),
    ).toEqual({
      username: 'alice',
      password: 'password1',
      displayName: 'alice',
      email: 'a@b.example',
    });
  });

  it('accepts ordinary addresses and refuses broken ones', () => {
    expect(isValidEmail('first.last+tag@mail.example.com')).toBe(true);
    expect(isValidEmail('a@b')).toBe(false);
    expect(isValidEmail('a b@c.example')).toBe(false);
    expect(isValidEmail('a@@c.example')).toBe(false);
  });
});
