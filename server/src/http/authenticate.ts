/**
 * Who is calling: `Authorization: Bearer <session token>` (RFC 6750 §2.1), or — for EventSource, which
 * cannot set headers — `?token=` where the route allows it (`allowQueryToken`).
 *
 * HTTP Basic (RFC 7617) with the account password is accepted only to obtain a session token
 * (`POST /api/sessions`, see `basicCredentials`), throttled like every sign-in: verifying a password costs
 * a deliberately slow scrypt, so a client that sent its password with every request would let anyone burn
 * the service's CPU. Everywhere else Basic gets 401 with a message saying where to use it.
 */
import type { AccountService, Caller } from '../accounts/account-service.js';
import { unauthorized } from './http-error.js';
import type { RequestContext } from './api-route.js';

export async function authenticate(
  ctx: RequestContext,
  accounts: AccountService,
  options: { readonly allowQueryToken?: boolean } = {},
): Promise<Caller> {
  const header = ctx.req.headers.authorization;
  if (header !== undefined) {
    const { scheme, credentials } = splitAuthorization(header);
    if (scheme === 'bearer') {
      const caller = await accounts.authenticateToken(credentials);
      if (caller === undefined)
        throw unauthorized('The session has expired or was signed out. Sign in again.');
      return caller;
    }
    if (scheme === 'basic') {
      throw unauthorized(
        'HTTP Basic is accepted only by POST /api/sessions, to obtain a session token; send that token as Bearer.',
      );
    }
    throw unauthorized('Use a Bearer token (obtain one with POST /api/sessions).');
  }
  const token = options.allowQueryToken === true ? ctx.url.searchParams.get('token') : null;
  if (token !== null) {
    const caller = await accounts.authenticateToken(token);
    if (caller === undefined) throw unauthorized('The session has expired or was signed out. Sign in again.');
    return caller;
  }
  throw unauthorized();
}

/**
 * The username and password of an `Authorization: Basic` header (RFC 7617 §2), for sign-in only;
 * `undefined` without such a header. @throws HttpError 401 when the header is malformed.
 */
export function basicCredentials(ctx: RequestContext): { username: string; password: string } | undefined {
  const header = ctx.req.headers.authorization;
  if (header === undefined) return undefined;
  const { scheme, credentials } = splitAuthorization(header);
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) throw unauthorized('Malformed Basic credentials.');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function splitAuthorization(header: string): { scheme: string; credentials: string } {
  const space = header.indexOf(' ');
  return {
    scheme: (space === -1 ? header : header.slice(0, space)).toLowerCase(),
    credentials: space === -1 ? '' : header.slice(space + 1).trim(),
  };
}
