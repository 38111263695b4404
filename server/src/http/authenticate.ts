/**
 * Who is calling: `Authorization: Bearer <session token>` (RFC 6750 §2.1), HTTP Basic with the account's
 * username and password (RFC 7617), or — for EventSource, which cannot set headers — `?token=` where
 * the route allows it (`allowQueryToken`).
 */
import type { AccountService, Caller } from '../accounts/account-service.js';
import { unauthorized } from './http-error.js';
import type { RequestContext } from './router.js';

export async function authenticate(
  ctx: RequestContext,
  accounts: AccountService,
  options: { readonly allowQueryToken?: boolean } = {},
): Promise<Caller> {
  const header = ctx.req.headers.authorization;
  if (header !== undefined) {
    const space = header.indexOf(' ');
    const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
    const credentials = space === -1 ? '' : header.slice(space + 1).trim();
    if (scheme === 'bearer') {
      const caller = await accounts.authenticateToken(credentials);
      if (caller === undefined)
        throw unauthorized('The session has expired or was signed out. Sign in again.');
      return caller;
    }
    if (scheme === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon === -1) throw unauthorized('Malformed Basic credentials.');
      const caller = await accounts.authenticatePassword(
        decoded.slice(0, colon),
        decoded.slice(colon + 1),
        ctx.clientAddress,
      );
      if (caller === undefined) throw unauthorized('Wrong username or password.');
      return caller;
    }
    throw unauthorized('Use a Bearer token or Basic credentials.');
  }
  const token = options.allowQueryToken === true ? ctx.url.searchParams.get('token') : null;
  if (token !== null) {
    const caller = await accounts.authenticateToken(token);
    if (caller === undefined) throw unauthorized('The session has expired or was signed out. Sign in again.');
    return caller;
  }
  throw unauthorized();
}
