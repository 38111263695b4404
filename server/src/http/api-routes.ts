/**
 * The JSON API (common/api-types.ts) as routes over the accounts and directory rooms; each with its JSON
 * Schemas (server/src/http/api-schemas.ts). How to add a route: server/src/http/api-route.ts.
 */
import type {
  ContactsResponse,
  CreateAccountResponse,
  DirectoryEntry,
  DirectoryResponse,
} from '../../../common/api-types.js';
import { AccountError } from '../accounts/account-error.js';
import type { AccountService } from '../accounts/account-service.js';
import type { Directory } from '../accounts/directory.js';
import type { MessagingRoute } from '../messaging/http-handlers.js';
import { MESSAGING_ROUTE_SCHEMAS } from '../messaging/messaging-schemas.js';
import { ApiRoutes } from './api-route.js';
import {
  ACCOUNT_PROFILE_SCHEMA,
  AVAILABILITY_QUERY,
  CHANGE_PASSWORD_BODY,
  CONTACTS_RESPONSE,
  CREATE_ACCOUNT_BODY,
  CREATE_ACCOUNT_RESPONSE,
  CREATE_SESSION_BODY,
  DIRECTORY_ENTRY_SCHEMA,
  DIRECTORY_QUERY,
  DIRECTORY_RESPONSE,
  EVENT_STREAM_RESPONSE,
  NO_CONTENT,
  SERVICE_CONFIG_SCHEMA,
  SESSION_RESPONSE,
  TOKEN_QUERY,
  USERNAME_AVAILABILITY_SCHEMA,
  USERNAME_PARAMS,
} from './api-schemas.js';
import { authenticate, basicCredentials } from './authenticate.js';
import { clientConfig, type ClientConfigOptions } from './client-config.js';
import type { EventStreams } from './event-stream.js';
import { HttpError } from './http-error.js';

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

const unsupportedMediaType = (): HttpError =>
  new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');

export function createApiRoutes(deps: ApiDependencies): ApiRoutes {
  const { accounts, directory, events } = deps;
  const routes = new ApiRoutes();

  routes.add({
    method: 'GET',
    url: '/api/config',
    schema: { summary: 'How a client configures itself.', response: { 200: SERVICE_CONFIG_SCHEMA } },
    handler: (ctx) => ({
      status: 200,
      body: clientConfig(deps.clientConfig, ctx.req.headers.host, deps.boundHost()),
    }),
  });

  routes.add({
    method: 'GET',
    url: '/api/accounts/availability',
    schema: { querystring: AVAILABILITY_QUERY, response: { 200: USERNAME_AVAILABILITY_SCHEMA } },
    handler: async (ctx) => ({
      status: 200,
      body: await accounts.checkAvailability(ctx.url.searchParams.get('username') ?? ''),
    }),
  });

  routes.add({
    method: 'POST',
    url: '/api/accounts',
    schema: { summary: 'Sign up.', body: CREATE_ACCOUNT_BODY, response: { 201: CREATE_ACCOUNT_RESPONSE } },
    handler: async (ctx) => {
      if (ctx.body === undefined) throw unsupportedMediaType();
      const created: CreateAccountResponse = await accounts.signUp(ctx.body);
      return { status: 201, body: created, headers: { location: '/api/me' } };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/sessions',
    schema: {
      summary: 'Sign in (JSON body or HTTP Basic) for a session token.',
      body: CREATE_SESSION_BODY,
      response: { 201: SESSION_RESPONSE },
    },
    // Malformed credentials get the same answer as wrong ones.
    onInvalid: () => new AccountError('unauthorized', 'invalid_credentials', 'Wrong username or password.'),
    handler: async (ctx) => {
      // Basic credentials (RFC 7617) or a JSON body; both go through the sign-in throttle.
      const body = basicCredentials(ctx) ?? ctx.body;
      if (body === undefined) throw unsupportedMediaType();
      const session = await accounts.signIn(body['username'], body['password'], ctx.clientAddress);
      return { status: 201, body: session };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/sessions/current',
    schema: {
      summary: 'Sign out: the token and what was registered with it end.',
      response: { 204: NO_CONTENT },
    },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      if (caller.tokenHash === undefined) {
        throw new HttpError(400, 'no_session', 'These credentials have no session to sign out of.');
      }
      await accounts.signOut(caller);
      return { status: 204 };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/me',
    schema: { response: { 200: ACCOUNT_PROFILE_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const profile = await accounts.profile(caller.username);
      if (profile === undefined) throw new HttpError(404, 'user_not_found', 'No such user.');
      return { status: 200, body: profile };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/me/password',
    schema: {
      summary:
        'Change the password: every session token is revoked and every registration and subscription ends.',
      body: CHANGE_PASSWORD_BODY,
      response: { 204: NO_CONTENT },
    },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const body = ctx.body;
      if (body === undefined) throw unsupportedMediaType();
      await accounts.changePassword(
        caller.username,
        body['currentPassword'],
        body['newPassword'],
        ctx.clientAddress,
      );
      return { status: 204 };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/directory',
    schema: { querystring: DIRECTORY_QUERY, response: { 200: DIRECTORY_RESPONSE } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const body: DirectoryResponse = {
        users: await directory.search(caller.username, ctx.url.searchParams.get('q') ?? ''),
      };
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/contacts',
    schema: { response: { 200: CONTACTS_RESPONSE } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const body: ContactsResponse = { contacts: await directory.listContacts(caller.username) };
      return { status: 200, body };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/contacts/:username',
    schema: { params: USERNAME_PARAMS, response: { 200: DIRECTORY_ENTRY_SCHEMA } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      const entry: DirectoryEntry = await directory.addContact(caller.username, ctx.params['username'] ?? '');
      return { status: 200, body: entry };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/contacts/:username',
    schema: { params: USERNAME_PARAMS, response: { 204: NO_CONTENT } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts);
      await directory.removeContact(caller.username, ctx.params['username'] ?? '');
      return { status: 204 };
    },
  });

  for (const route of deps.messaging?.routes ?? []) {
    routes.add({
      method: route.method,
      url: route.pattern,
      schema: MESSAGING_ROUTE_SCHEMAS[`${route.method} ${route.pattern}`] ?? { response: {} },
      handler: async (ctx) => {
        const caller = await authenticate(ctx, accounts);
        const params = { ...Object.fromEntries(ctx.url.searchParams), ...ctx.params };
        return route.handler(caller.username, params);
      },
    });
  }

  routes.add({
    method: 'GET',
    url: '/api/events',
    schema: { querystring: TOKEN_QUERY, response: { 200: EVENT_STREAM_RESPONSE } },
    handler: async (ctx) => {
      const caller = await authenticate(ctx, accounts, { allowQueryToken: true });
      ctx.hijack();
      events.open(ctx.res, caller.username);
      return undefined;
    },
  });

  return routes;
}
