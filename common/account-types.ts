/**
 * Account API types beyond common/api-types.ts.
 */

/**
 * `PUT /api/me/password` → 204. The new password follows the sign-up rules (`password_too_short`, ...);
 * a wrong `currentPassword` is 403 `wrong_password`; repeated failures 429 `too_many_attempts`. On
 * success every session token of the user is revoked (this one too: sign in again with the new
 * password) and every SIP registration and subscription made with the old credentials ends.
 */
export interface ChangePasswordRequest {
  readonly currentPassword: string;
  readonly newPassword: string;
}
