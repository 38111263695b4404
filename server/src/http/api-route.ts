/**
 * How a room declares an HTTP route: `routes.add({ method, url, schema, handler })`. The rooms never see
 * Fastify; server/src/http/http-app.ts mounts every definition on it, with the `schema` validating the
 * request (ajv) and serialising the success response (fast-json-stringify), and builds the OpenAPI
 * document (`GET /api/openapi.json`) from the same definitions.
 *
 * Porting a route written in the old `router.add(method, pattern, handler)` style (3 lines):
 * ```ts
 * // before                                   // after
 * router.add('PUT', '/api/things/:id',         routes.add({ method: 'PUT', url: '/api/things/:id',
 *   async (ctx) => {                             schema: { params: ID, body: THING_BODY, response: { 200: THING } },
 *     const input = await readJsonBody(ctx.req);  handler: async (ctx) => { const input = ctx.body; ... } });
 * ```
 * 1. `router.add(M, P, h)` → `routes.add({ method: M, url: P, schema, handler: h })`, with the parameter
 *    type `Router` → `ApiRoutes` (both from this module's folder).
 * 2. `schema`: the room's exported JSON Schema constants — `body`, `querystring`, `params`, and
 *    `response` keyed by status (`{ 200: X }`, `{ 204: NO_CONTENT }`). Every route needs `response`.
 * 3. `await readJsonBody(ctx.req)` → `ctx.body` (already parsed, size-limited and validated); a handler
 *    that wrote the raw response itself (`ctx.res.writeHead`) calls `ctx.hijack()` first.
 * Everything else in the handler (`ctx.params`, `ctx.url.searchParams`, `ctx.req.headers`,
 * `ctx.clientAddress`, returning `{ status, body, headers }`, throwing `HttpError`) stays as it was.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A JSON Schema (draft-07, what ajv and OpenAPI 3.0 both read), usually an `as const` object. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface RouteSchema {
  readonly summary?: string;
  readonly body?: JsonSchema;
  readonly querystring?: JsonSchema;
  readonly params?: JsonSchema;
  /** The success responses by status; error responses get the shared error schema automatically. */
  readonly response: Readonly<Record<number, JsonSchema>>;
}

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  /** The query string, validated and coerced by the route's `querystring` schema. */
  readonly query: Readonly<Record<string, unknown>>;
  /** Remote address of the client socket. */
  readonly clientAddress: string;
  /** The parsed and validated JSON body (`undefined` when the request has none). */
  readonly body: Readonly<Record<string, unknown>> | undefined;
  /** The body of a route's `rawBodyTypes` (e.g. `audio/ogg`), size-limited; otherwise `undefined`. */
  readonly rawBody: Buffer | undefined;
  /** Takes the raw response over (event streams, files): the handler then writes `res` itself. */
  hijack(): void;
}

/** What a handler answers; `undefined` after `ctx.hijack()` (the handler wrote the response). */
export interface ApiResult {
  readonly status: number;
  /** Serialised with the route's response schema; a Buffer goes out as is (set `content-type`). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (ctx: RequestContext) => Promise<ApiResult | undefined> | ApiResult | undefined;

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** `/api/...` with `:name` path parameters. */
  readonly url: string;
  readonly schema: RouteSchema;
  readonly handler: Handler;
  /** Body size limit in bytes (default 64 KiB). */
  readonly bodyLimit?: number;
  /** Content types this route reads besides `application/json` (as a Buffer in `ctx.rawBody`). */
  readonly rawBodyTypes?: readonly string[];
  /**
   * The error to answer when the request does not match `schema` (default: 400 `invalid_request` naming
   * the field); for routes whose clients already know a more specific code.
   */
  readonly onInvalid?: (message: string) => Error;
}

/** The routes of every room, in the order they were added. */
export class ApiRoutes {
  private readonly list: RouteDefinition[] = [];

  add(route: RouteDefinition): this {
    this.list.push(route);
    return this;
  }

  all(): readonly RouteDefinition[] {
    return this.list;
  }

  /**
   * The methods some route allows at `pathname` (with HEAD beside GET), empty when none matches: tells
   * 405 with `Allow` from 404 (RFC 9110 §15.5.6).
   */
  allowedMethods(pathname: string): string[] {
    const actual = split(pathname);
    const allow = new Set<string>();
    for (const route of this.list) {
      if (!matches(split(route.url), actual)) continue;
      allow.add(route.method);
      if (route.method === 'GET') allow.add('HEAD');
    }
    return [...allow];
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matches(pattern: readonly string[], actual: readonly string[]): boolean {
  return pattern.length === actual.length && pattern.every((p, i) => p.startsWith(':') || p === actual[i]);
}
