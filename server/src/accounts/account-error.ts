/**
 * Domain errors of the accounts room. They carry a stable `code` (the API's `error.code`) and a kind;
 * the HTTP edge maps the kind to a status (server/src/http/http-error.ts).
 */
export type AccountErrorKind =
  'invalid' | 'conflict' | 'unauthorized' | 'forbidden' | 'not_found' | 'throttled';

export class AccountError extends Error {
  override readonly name = 'AccountError';
  constructor(
    readonly kind: AccountErrorKind,
    readonly code: string,
    message: string,
    /** For `throttled`: seconds until a retry may succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
