/**
 * `npm run admin -- pstn …`: what only an operator may do about phone calls, straight on the configured
 * store (the same `PARLEY_DATA_DIR` / `PARLEY_DATABASE_URL` as the service; safe while it runs: SQLite
 * in WAL mode and PostgreSQL both take a second writer).
 *
 * - `pstn allow USERNAME [--daily-limit AMOUNT|none]`: may call phones; the limit is per UTC day in the
 *   rates' currency (`none` = no personal limit, the gateway file's `dailyLimit` applies). Without
 *   `--daily-limit` a limit set before is kept.
 * - `pstn deny USERNAME`: may no longer call phones (the limit is kept for a later `allow`).
 * - `pstn show USERNAME`: permission, limit and today's spend.
 */
import { normalizeUsername } from '../../../common/username-rules.js';
import { formatMoney, parseMoney } from '../gateway/money.js';
import type { Store } from '../store/store.js';

/** A command that cannot run; `message` is one line for the operator. */
export class AdminError extends Error {
  override readonly name = 'AdminError';
  constructor(
    message: string,
    /** 2 = usage, 1 = refused. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export const USAGE = [
  'usage: npm run admin -- pstn allow USERNAME [--daily-limit AMOUNT|none]',
  '       npm run admin -- pstn deny USERNAME',
  '       npm run admin -- pstn show USERNAME',
].join('\n');

const DAY_MS = 86_400_000;

/** Runs one command; returns what to print. @throws AdminError */
export async function runPstnAdmin(store: Store, args: readonly string[], now: number): Promise<string> {
  const [area, action, rawUser, ...rest] = args;
  if (area !== 'pstn' || action === undefined || !['allow', 'deny', 'show'].includes(action)) {
    throw new AdminError(USAGE, 2);
  }
  if (rawUser === undefined || rawUser.startsWith('--')) throw new AdminError(USAGE, 2);
  const username = normalizeUsername(rawUser);
  let limitArg: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (action === 'allow' && arg === '--daily-limit' && rest[i + 1] !== undefined) limitArg = rest[++i];
    else if (action === 'allow' && arg.startsWith('--daily-limit='))
      limitArg = arg.slice('--daily-limit='.length);
    else throw new AdminError(`unexpected argument ${JSON.stringify(arg)}\n${USAGE}`, 2);
  }
  if ((await store.accounts.get(username)) === undefined) throw new AdminError(`no such user "${username}"`);
  const before = await store.pstn.permission(username);

  if (action === 'allow') {
    let limit = before?.dailyLimitMicros ?? null;
    if (limitArg !== undefined) {
      const parsed = limitArg.toLowerCase() === 'none' ? null : parseMoney(limitArg);
      if (parsed === undefined) {
        throw new AdminError(
          `--daily-limit must be an amount such as 5.00, or none (got ${JSON.stringify(limitArg)})`,
        );
      }
      limit = parsed;
    }
    await store.pstn.setPermission(username, true, limit, now);
  } else if (action === 'deny') {
    await store.pstn.setPermission(username, false, before?.dailyLimitMicros ?? null, now);
  }
  return describe(store, username, now);
}

async function describe(store: Store, username: string, now: number): Promise<string> {
  const p = await store.pstn.permission(username);
  const spent = await store.pstn.spentSince(username, now - (now % DAY_MS));
  const may = p?.allowed === true ? 'may call phones' : 'may not call phones';
  const limit =
    p?.dailyLimitMicros === null || p?.dailyLimitMicros === undefined
      ? 'no personal daily limit'
      : `daily limit ${formatMoney(p.dailyLimitMicros)}`;
  return `${username}: ${may}; ${limit}; spent today ${formatMoney(spent)}`;
}
