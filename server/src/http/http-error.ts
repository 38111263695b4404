/**
 * HTTP errors: every failure leaves the service as `{ "error": { "code", "message" } }` (common/api-types.ts)
 * with a fitting status, and never with a stack trace.
 */
import { AccountError, type AccountErrorKind } from '../accounts/account-error.js';
import { StoreUnavailableError } from '../store/sql-database.js';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const STATUS_OF_KIND: Readonly<Record<AccountErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  throttled: 429,
};

/** Maps anything thrown by a handler to an HttpError; unknown errors become a bare 500. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof AccountError) {
    const headers: Record<string, string> = {};
    // RFC 6585 §4: a 429 may say how long to wait.
    if (error.kind === 'throttled') headers['retry-after'] = String(error.retryAfterSeconds ?? 60);
    if (error.kind === 'unauthorized') headers['www-authenticate'] = WWW_AUTHENTICATE;
    return new HttpError(STATUS_OF_KIND[error.kind], error.code, error.message, headers);
  }
  if (error instanceof StoreUnavailableError) {
    // RFC 9110 §15.6.4: temporary; the pool reconnects by itself once the database is back.
    return new HttpError(
      503,
      'storage_unavailable',
      'The database is not reachable right now. Try again shortly.',
      {
        'retry-after': '5',
      },
    );
  }
  return new HttpError(500, 'internal_error', 'Something went wrong on the service.');
}

/**
 * RFC 6750 §3 (Bearer) and RFC 7617 §2 (Basic). The Bearer challenge comes first so browsers do not pop
 * a Basic login dialog for an expired token.
 */
export const WWW_AUTHENTICATE = 'Bearer realm="parley", Basic realm="parley", charset="UTF-8"';

export const unauthorized = (message = 'Sign in first.'): HttpError =>
  new HttpError(401, 'unauthorized', message, { 'www-authenticate': WWW_AUTHENTICATE });

/** For `RouteDefinition.onInvalid`: a schema failure answered 400 with the room's own code. */
export const invalidAs =
  (code: string) =>
  (message: string): HttpError =>
    new HttpError(400, code, message);
