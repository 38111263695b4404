/**
 * The status API (common/presence-types.ts):
 * - `GET /api/me/status` → `UserStatus`;
 * - `PUT /api/me/status` `{ availability, note }` → `UserStatus` (400 `invalid_status` otherwise).
 * Others read a person's status in the directory, the contact list and the SSE `presence` events.
 */
import type { UserStatus } from '../../../common/presence-types.js';
import type { AccountService } from '../accounts/account-service.js';
import { authenticate } from '../http/authenticate.js';
import { readJsonBody } from '../http/json-body.js';
import type { Router } from '../http/router.js';
import type { StatusBook } from './status-book.js';

export interface StatusRouteDependencies {
  readonly accounts: AccountService;
  readonly statuses: StatusBook;
}

export function addStatusRoutes(router: Router, deps: StatusRouteDependencies): void {
  const { accounts, statuses } = deps;

  router.add('GET', '/api/me/status', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const body: UserStatus = statuses.get(caller.username);
    return { status: 200, body };
  });

  router.add('PUT', '/api/me/status', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const body: UserStatus = await statuses.set(caller.username, await readJsonBody(ctx.req));
    return { status: 200, body };
  });
}
