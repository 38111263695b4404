/**
 * The OpenAPI 3.1 document of the API (served at `GET /api/openapi.json`), built from the very route
 * definitions and JSON Schemas Fastify validates and serialises with — so it cannot drift from the code.
 * OpenAPI 3.1 schema objects are JSON Schema, so the route schemas go in unchanged.
 */
import type { JsonSchema, RouteDefinition } from './api-route.js';
import { API_ERROR_SCHEMA, OPENAPI_DOCUMENT_SCHEMA } from './api-schemas.js';

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface OpenApiOperation {
  readonly summary?: string;
  readonly parameters?: readonly {
    readonly name: string;
    readonly in: 'path' | 'query';
    readonly required: boolean;
    readonly schema: unknown;
  }[];
  readonly requestBody?: {
    readonly required: boolean;
    readonly content: Record<string, { schema: unknown }>;
  };
  readonly responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

/** `/api/contacts/:username` → `/api/contacts/{username}` */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function buildOpenApi(routes: readonly RouteDefinition[]): OpenApiDocument {
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const route of routes) {
    const path = openApiPath(route.url);
    (paths[path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  }
  paths['/api/openapi.json'] = {
    get: operationOf({
      method: 'GET',
      url: '/api/openapi.json',
      schema: { summary: 'This document.', response: { 200: OPENAPI_DOCUMENT_SCHEMA } },
      handler: () => undefined,
    }),
  };
  return { openapi: '3.1.0', info: { title: 'Parley API', version: '1' }, paths };
}

function operationOf(route: RouteDefinition): OpenApiOperation {
  const { schema } = route;
  const parameters = [...parametersOf(schema.params, 'path'), ...parametersOf(schema.querystring, 'query')];
  const responses: OpenApiOperation['responses'] = {};
  for (const [status, body] of Object.entries(schema.response)) {
    responses[status] =
      status === '204'
        ? { description: 'No content' }
        : { description: 'OK', content: { [mediaTypeOf(body)]: { schema: body } } };
  }
  const error = { content: { 'application/json': { schema: API_ERROR_SCHEMA } } };
  responses['4XX'] = { description: 'The request was refused: `{ error: { code, message } }`.', ...error };
  responses['5XX'] = { description: 'The service failed.', ...error };
  const bodyTypes = ['application/json', ...(route.rawBodyTypes ?? [])];
  return {
    ...(schema.summary === undefined ? {} : { summary: schema.summary }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(schema.body === undefined && route.rawBodyTypes === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: Object.fromEntries(
              bodyTypes
                .filter((type) => type !== 'application/json' || schema.body !== undefined)
                .map((type) => [type, { schema: type === 'application/json' ? schema.body : BINARY }]),
            ),
          },
        }),
    responses,
  };
}

const BINARY = { type: 'string', contentMediaType: 'application/octet-stream' } as const;

function mediaTypeOf(schema: JsonSchema): string {
  const declared = schema['contentMediaType'];
  return typeof declared === 'string' ? declared : 'application/json';
}

function parametersOf(
  schema: JsonSchema | undefined,
  where: 'path' | 'query',
): OpenApiOperation['parameters'] & object {
  if (schema === undefined) return [];
  const properties = (schema['properties'] ?? {}) as Record<string, unknown>;
  const required = new Set((schema['required'] ?? []) as readonly string[]);
  return Object.entries(properties).map(([name, value]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: value,
  }));
}
