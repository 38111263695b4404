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
import type { Router } from '../http/router.js';
import { BadCursorError, type CallHistory } from './call-history.js';

export interface CallHistoryRouteDependencies {
  readonly accounts: AccountService;
  readonly history: CallHistory;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

function parseLimit(text: string | null): number {
  if (text === null || text === '') return DEFAULT_LIMIT;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new HttpError(400, 'invalid_limit', `limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  }
  return n;
}

export function addCallHistoryRoutes(router: Router, deps: CallHistoryRouteDependencies): void {
  const { accounts, history } = deps;

  router.add('GET', '/api/calls', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const limit = parseLimit(ctx.url.searchParams.get('limit'));
    try {
      const before = ctx.url.searchParams.get('before') ?? undefined;
      return { status: 200, body: await history.page(caller.username, limit, before) };
    } catch (error) {
      if (error instanceof BadCursorError) throw new HttpError(400, 'invalid_cursor', error.message);
      throw error;
    }
  });

  router.add('GET', '/api/calls/summary', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    return { status: 200, body: await history.summary(caller.username) };
  });

  router.add('POST', '/api/calls/seen', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    return { status: 200, body: await history.markSeen(caller.username) };
  });

  router.add('DELETE', '/api/calls/:id', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    if (!(await history.delete(caller.username, ctx.params['id'] ?? ''))) {
      throw new HttpError(404, 'call_not_found', 'No such call in your history.');
    }
    return { status: 204 };
  });

  router.add('DELETE', '/api/calls', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    await history.clear(caller.username);
    return { status: 204 };
  });
}
