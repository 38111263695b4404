/**
 * The call history API (common/call-history-types.ts), every route for the signed-in user only:
 * - `GET /api/calls?limit=1..200&before=<cursor>` → `CallHistoryPage` (newest first, 50 by default);
 * - `GET /api/calls/summary` → `CallHistorySummary` (the missed-call badge);
 * - `POST /api/calls/seen` → `CallHistorySummary` (the history was opened: the badge clears);
 * - `DELETE /api/calls/:id` → 204 (404 when no such entry of this user); `DELETE /api/calls` → 204.
 * Errors are `{ "error": { code, message } }` like every other route.
 */
import type { AccountService } from '../accounts/account-service.js';
import { authenticate } from '../http/authenticate.js';
import { HttpError } from '../http/http-error.js';
import type { ApiRoutes } from '../http/api-route.js';
import { NO_CONTENT } from '../http/api-schemas.js';
import { invalidAs } from '../http/http-error.js';
import { BadCursorError, type CallHistory } from './call-history.js';
import {
  CALL_HISTORY_PAGE_SCHEMA,
  CALL_HISTORY_QUERY,
  CALL_HISTORY_SUMMARY_SCHEMA,
  CALL_ID_PARAMS,
} from './call-history-schemas.js';

export interface CallHistoryRouteDependencies {
  readonly accounts: AccountService;
  readonly history: CallHistory;
}

const DEFAULT_LIMIT = 50;

export function addCallHistoryRoutes(routes: ApiRoutes, deps: CallHistoryRouteDependencies): void {
  const { accounts, history } = deps;

  routes.add({
    method: 'GET',
    url: '/api/calls',
    schema: { querystring: CALL_HISTORY_QUERY, response: { 200: CALL_HISTORY_PAGE_SCHEMA } },
    onInvalid: (message) =>
      invalidAs(message.includes('before') ? 'invalid_cursor' : 'invalid_limit')(message),
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const limit = (ctx.query['limit'] as number | undefined) ?? DEFAULT_LIMIT;
      try {
        const before = ctx.url.searchParams.get('before') ?? undefined;
        return { status: 200, body: await history.page(caller.username, limit, before) };
      } catch (error) {
        if (error instanceof BadCursorError) throw new HttpError(400, 'invalid_cursor', error.message);
        throw error;
      }
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/calls/summary',
    schema: { response: { 200: CALL_HISTORY_SUMMARY_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      return { status: 200, body: await history.summary(caller.username) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/calls/seen',
    schema: { response: { 200: CALL_HISTORY_SUMMARY_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      return { status: 200, body: await history.markSeen(caller.username) };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/calls/:id',
    schema: { params: CALL_ID_PARAMS, response: { 204: NO_CONTENT } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      if (!(await history.delete(caller.username, ctx.params['id'] ?? ''))) {
        throw new HttpError(404, 'call_not_found', 'No such call in your history.');
      }
      return { status: 204 };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/calls',
    schema: { response: { 204: NO_CONTENT } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      await history.clear(caller.username);
      return { status: 204 };
    },
  });
}
