/**
 * The JSON API (common/api-types.ts) as routes over the accounts and directory rooms.
 */
import type {
  ContactsResponse,
  CreateAccountResponse,
  DirectoryEntry,
  DirectoryResponse,
} from '../../../common/api-types.js';
import type { AccountService } from '../accounts/account-service.js';
import type { Directory } from '../accounts/directory.js';
import type { MessagingRoute } from '../messaging/http-handlers.js';
import { authenticate, basicCredentials } from './authenticate.js';
import { clientConfig, type ClientConfigOptions } from './client-config.js';
import type { EventStreams } from './event-stream.js';
import { HttpError } from './http-error.js';
import { readJsonBody } from './json-body.js';
import { Router } from './router.js';

export interface ApiDependencies {
  readonly accounts: AccountService;
  readonly directory: Directory;
  readonly events: EventStreams;
  readonly clientConfig: ClientConfigOptions;
  /** `host:port` of the listening socket, for `sipUrl` when the request has no usable Host header. */
  readonly boundHost: () => string;
  /** The messaging history API (issue 3): conversations, pages, mark read. */
  readonly messaging?: { readonly routes: readonly MessagingRoute[] };
}

export function createApiRouter(deps: ApiDependencies): Router {
  const { accounts, directory, events } = deps;
  const router = new Router();

  router.add('GET', '/api/config', (ctx) => ({
    status: 200,
    body: clientConfig(deps.clientConfig, ctx.req.headers.host, deps.boundHost()),
  }));

  router.add('GET', '/api/accounts/availability', async (ctx) => ({
    status: 200,
    body: await accounts.checkAvailability(ctx.url.searchParams.get('username') ?? ''),
  }));

  router.add('POST', '/api/accounts', async (ctx) => {
    const created: CreateAccountResponse = await accounts.signUp(await readJsonBody(ctx.req));
    return { status: 201, body: created, headers: { location: '/api/me' } };
  });

  router.add('POST', '/api/sessions', async (ctx) => {
    // Basic credentials (RFC 7617) or a JSON body; both go through the sign-in throttle.
    const basic = basicCredentials(ctx);
    const body = basic ?? (await readJsonBody(ctx.req));
    const session = await accounts.signIn(body['username'], body['password'], ctx.clientAddress);
    return { status: 201, body: session };
  });

  router.add('DELETE', '/api/sessions/current', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    if (caller.tokenHash === undefined) {
      throw new HttpError(400, 'no_session', 'These credentials have no session to sign out of.');
    }
    await accounts.signOut(caller);
    return { status: 204 };
  });

  router.add('GET', '/api/me', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const profile = await accounts.profile(caller.username);
    if (profile === undefined) throw new HttpError(404, 'user_not_found', 'No such user.');
    return { status: 200, body: profile };
  });

  router.add('GET', '/api/directory', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const body: DirectoryResponse = {
      users: await directory.search(caller.username, ctx.url.searchParams.get('q') ?? ''),
    };
    return { status: 200, body };
  });

  router.add('GET', '/api/contacts', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const body: ContactsResponse = { contacts: await directory.listContacts(caller.username) };
    return { status: 200, body };
  });

  router.add('PUT', '/api/contacts/:username', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    const entry: DirectoryEntry = await directory.addContact(caller.username, ctx.params['username'] ?? '');
    return { status: 200, body: entry };
  });

  router.add('DELETE', '/api/contacts/:username', async (ctx) => {
    const caller = await authenticate(ctx, accounts);
    await directory.removeContact(caller.username, ctx.params['username'] ?? '');
    return { status: 204 };
  });

  for (const route of deps.messaging?.routes ?? []) {
    router.add(route.method, route.pattern, async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const params = { ...Object.fromEntries(ctx.url.searchParams), ...ctx.params };
      return route.handler(caller.username, params);
    });
  }

  router.add('GET', '/api/events', async (ctx) => {
    const caller = await authenticate(ctx, accounts, { allowQueryToken: true });
    events.open(ctx.res, caller.username);
    return undefined;
  });

  return router;
}
