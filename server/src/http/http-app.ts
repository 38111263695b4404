/**
 * The service's HTTP server on Fastify: every `ApiRoutes` definition mounted with its JSON Schemas (ajv
 * validates the request, fast-json-stringify writes the response), the OpenAPI document at
 * `GET /api/openapi.json`, the web client for other GET/HEAD, and one error shape for everything:
 * `{ "error": { "code", "message" } }` (common/api-types.ts). `app.server` is the Node HTTP server the
 * SIP room attaches its WebSocket upgrade to.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import type { Logger } from '../../../common/logger.js';
import { type ApiRoutes, type RequestContext, type RouteDefinition } from './api-route.js';
import { API_ERROR_SCHEMA, OPENAPI_DOCUMENT_SCHEMA } from './api-schemas.js';
import { HttpError, toHttpError } from './http-error.js';
import { buildOpenApi } from './openapi.js';
import { SECURITY_HEADERS } from './respond.js';
import { fromFastifyError, validatorCompiler } from './schema-validation.js';
import type { StaticHandler } from './static-files.js';

/** Default limit of a JSON request body. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface HttpAppOptions {
  readonly routes: ApiRoutes;
  readonly staticFiles: StaticHandler;
  readonly logger: Logger;
}

const isApiPath = (pathname: string): boolean => pathname === '/api' || pathname.startsWith('/api/');

/** A route as Fastify holds it (for the OpenAPI coverage test and diagnostics). */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly schema: RouteOptions['schema'];
}

export interface HttpApp {
  readonly app: FastifyInstance;
  /** Every route Fastify registered (HEAD twins of GET routes included). */
  readonly registered: readonly RegisteredRoute[];
}

export async function createHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const { routes, staticFiles, logger } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    requestTimeout: 30_000,
    routerOptions: { ignoreTrailingSlash: true },
    // A path that is not valid percent-encoding (before any route matched): no such endpoint.
    frameworkErrors: (_error, request, frameworkReply) => {
      const reply = frameworkReply as unknown as FastifyReply; // the generic reply of a route-less request
      const pathname = (request.raw.url ?? '').split('?')[0] ?? '';
      const error = isApiPath(pathname)
        ? { status: 404, code: 'not_found', message: 'No such endpoint.' }
        : { status: 400, code: 'bad_request', message: 'The path is not valid.' };
      void reply
        .code(error.status)
        .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' })
        .send({ error: { code: error.code, message: error.message } });
    },
    // Garbage on the socket: a bare 400 and close, without Fastify's JSON (the request never parsed).
    clientErrorHandler: (_error, socket: Socket) => {
      if (socket.writable)
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    },
  });
  app.server.headersTimeout = 20_000;
  const registered: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      registered.push({ method, url: route.url, schema: route.schema });
    }
  });
  app.setValidatorCompiler(validatorCompiler);

  // JSON bodies: an empty body is no body (POST /api/calls/seen from a client that always sets the type).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers(); // JSON only (no text/plain), unless a route names its raw types
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else parseJson(request, body as string, done);
  });

  // Origin-form only (RFC 9112 §3.2.1): no absolute-form, no `*`, no protocol-relative `//host`.
  app.addHook('onRequest', async (request) => {
    const raw = request.raw.url ?? '';
    if (!raw.startsWith('/') || raw.startsWith('//')) {
      throw new HttpError(400, 'bad_request', 'The request target must be a path.');
    }
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    logger.debug(
      {
        tnx: 'http',
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler(async (error, request, reply) => {
    const httpError = fromFastifyError(error) ?? toHttpError(error);
    if (httpError.status >= 500) {
      logger.error(
        {
          tnx: 'http',
          method: request.method,
          path: request.url.split('?')[0],
          err: String(error),
          stack: (error as Error | undefined)?.stack,
        },
        'request failed',
      );
    }
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return reply;
    }
    // Drain what the client is still sending so the error response can reach it.
    if (!request.raw.complete) request.raw.resume();
    return reply
      .code(httpError.status)
      .headers(httpError.headers)
      .send({ error: { code: httpError.code, message: httpError.message } });
  });

  const notFound = (request: FastifyRequest): HttpError => {
    const pathname = request.url.split('?')[0] ?? '';
    const method = request.method;
    if (!isApiPath(pathname)) {
      return new HttpError(405, 'method_not_allowed', `${method} is not allowed here.`, {
        allow: 'GET, HEAD',
      });
    }
    const allow = routes.allowedMethods(pathname);
    if (allow.length === 0) return new HttpError(404, 'not_found', `No such endpoint: ${pathname}`);
    return new HttpError(405, 'method_not_allowed', `${method} is not allowed here.`, {
      allow: allow.join(', '),
    });
  };
  app.setNotFoundHandler(async (request) => {
    throw notFound(request);
  });

  for (const route of routes.all()) await app.register(async (scope) => mount(scope, route));

  const openApi = buildOpenApi(routes.all());
  app.get(
    '/api/openapi.json',
    { schema: { response: { 200: OPENAPI_DOCUMENT_SCHEMA } } },
    async () => openApi,
  );

  // The web client: every other GET/HEAD (the single-page-app fallback lives in staticFiles).
  app.get('/*', async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (isApiPath(pathname)) throw notFound(request);
    await reply.hijack();
    await staticFiles(request.raw, reply.raw, pathname);
  });

  await app.ready();
  return { app, registered };
}

/** Mounts one definition in its own scope (so its raw body types stay its own). */
async function mount(scope: FastifyInstance, route: RouteDefinition): Promise<void> {
  if (route.rawBodyTypes !== undefined && route.rawBodyTypes.length > 0) {
    scope.addContentTypeParser([...route.rawBodyTypes], { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
  }
  const { summary: _summary, response, ...parts } = route.schema;
  const options: RouteOptions = {
    method: route.method,
    url: route.url,
    schema: { ...parts, response: { ...response, '4xx': API_ERROR_SCHEMA, '5xx': API_ERROR_SCHEMA } },
    ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
    attachValidation: route.onInvalid !== undefined,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.validationError !== undefined && route.onInvalid !== undefined) {
        // A body that is not an object at all is still `invalid_body` (fromFastifyError).
        throw (
          fromFastifyError(request.validationError, true) ?? route.onInvalid(request.validationError.message)
        );
      }
      if (request.body === null) throw new HttpError(400, 'invalid_body', 'The body must be a JSON object.');
      if (route.schema.body === undefined && route.rawBodyTypes === undefined && request.body !== undefined) {
        throw new HttpError(400, 'unexpected_body', 'This endpoint takes no request body.');
      }
      const ctx = contextOf(request, reply);
      const result = await route.handler(ctx);
      if (result === undefined) {
        if (!reply.sent) throw new Error(`${route.method} ${route.url} answered nothing`);
        return reply;
      }
      reply.code(result.status);
      if (result.headers !== undefined) reply.headers(result.headers);
      return reply.send(result.body);
    },
  };
  scope.route(options);
}

function contextOf(request: FastifyRequest, reply: FastifyReply): RequestContext {
  const body = request.body;
  const raw: IncomingMessage = request.raw;
  return {
    req: raw,
    res: reply.raw,
    url: new URL('http://parley.invalid' + (raw.url ?? '/')),
    params: (request.params ?? {}) as Record<string, string>,
    query: (request.query ?? {}) as Record<string, unknown>,
    clientAddress: raw.socket.remoteAddress ?? 'unknown',
    body: isRecord(body) ? body : undefined,
    rawBody: Buffer.isBuffer(body) ? body : undefined,
    hijack: () => {
      void reply.hijack();
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
