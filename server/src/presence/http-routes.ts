/**
 * The status API (common/presence-types.ts):
 * - `GET /api/me/status` → `UserStatus`;
 * - `PUT /api/me/status` `{ availability, note }` → `UserStatus` (400 `invalid_status` otherwise).
 * Others read a person's status in the directory, the contact list and the SSE `presence` events.
 */
import { MAX_STATUS_NOTE_LENGTH, type UserStatus } from '../../../common/presence-types.js';
import type { AccountService } from '../accounts/account-service.js';
import type { ApiRoutes } from '../http/api-route.js';
import { USER_STATUS_SCHEMA } from '../http/api-schemas.js';
import { authenticate } from '../http/authenticate.js';
import { invalidAs } from '../http/http-error.js';
import type { StatusBook } from './status-book.js';

export interface StatusRouteDependencies {
  readonly accounts: AccountService;
  readonly statuses: StatusBook;
}

/** `PUT /api/me/status`; the note is cleaned and its length checked by the status book. */
export const STATUS_BODY = {
  type: 'object',
  required: ['availability'],
  properties: {
    availability: USER_STATUS_SCHEMA.properties.availability,
    note: { type: 'string', description: `At most ${MAX_STATUS_NOTE_LENGTH} characters.` },
  },
} as const;

export function addStatusRoutes(routes: ApiRoutes, deps: StatusRouteDependencies): void {
  const { accounts, statuses } = deps;

  routes.add({
    method: 'GET',
    url: '/api/me/status',
    schema: { response: { 200: USER_STATUS_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const body: UserStatus = statuses.get(caller.username);
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/me/status',
    schema: { body: STATUS_BODY, response: { 200: USER_STATUS_SCHEMA } },
    onInvalid: invalidAs('invalid_status'),
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const body: UserStatus = await statuses.set(caller.username, ctx.body ?? {});
      return { status: 200, body };
    },
  });
}
