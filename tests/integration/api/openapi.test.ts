/**
 * `GET /api/openapi.json` describes every route the running service registered, with the very schemas
 * Fastify validates and serialises with (issue 14, item 7); and requests that do not match a schema
 * get 400 `{ error: { code, message } }` naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../common/api-types.js';
import type { OpenApiDocument } from '../../../server/src/http/openapi.js';
import { openApiPath } from '../../../server/src/http/openapi.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

let service: TestService;
let api: ApiClient;
let doc: OpenApiDocument;

beforeAll(async () => {
  service = await startTestService();
  api = apiClient(service.baseUrl);
  const reply = await api.get<OpenApiDocument>('/api/openapi.json');
  expect(reply.status).toBe(200);
  doc = reply.body;
});
afterAll(() => service.stop());

type Schema = Record<string, unknown> | undefined;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every registered API route with its schemas', () => {
    expect(doc.openapi).toBe('3.1.0');
    // HEAD routes are Fastify's twins of GET routes; the web client's catch-all is not the API.
    const apiRoutes = service.service.httpRoutes.filter(
      (r) => r.method !== 'HEAD' && r.url.startsWith('/api/'),
    );
    expect(apiRoutes.length).toBeGreaterThan(30);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(documented.sort()).toEqual(
      apiRoutes.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`).sort(),
    );

    for (const route of apiRoutes) {
      const where = `${route.method} ${route.url}`;
      const op = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect(op, where).toBeDefined();
      const schema = (route.schema ?? {}) as Record<string, Schema>;
      // A success response with its schema, for every route.
      const responses = Object.keys((schema['response'] ?? {}) as object).filter((s) => /^2\d\d$/.test(s));
      expect(responses.length, where).toBeGreaterThan(0);
      for (const status of responses) {
        const documentedResponse = op!.responses[status];
        expect(documentedResponse, `${where} ${status}`).toBeDefined();
        if (status !== '204') {
          const content = Object.values(documentedResponse!.content ?? {})[0];
          expect(content?.schema, `${where} ${status}`).toEqual(
            (schema['response'] as Record<string, Schema>)[status],
          );
        }
      }
      expect(op!.responses['4XX'], where).toBeDefined();
      // The request body, path and query parameters, each with its schema.
      if (schema['body'] !== undefined) {
        expect(op!.requestBody?.content['application/json']?.schema, where).toEqual(schema['body']);
      }
      for (const part of ['params', 'querystring'] as const) {
        const properties = (schema[part]?.['properties'] ?? {}) as Record<string, unknown>;
        for (const [name, value] of Object.entries(properties)) {
          const parameter = op!.parameters?.find((p) => p.name === name);
          expect(parameter?.schema, `${where} ${name}`).toEqual(value);
          expect(parameter?.in).toBe(part === 'params' ? 'path' : 'query');
        }
      }
      // Every `:name` of the path is a documented path parameter.
      for (const name of route.url.match(/:[A-Za-z0-9_]+/g) ?? []) {
        expect(
          op!.parameters?.some((p) => p.name === name.slice(1) && p.in === 'path'),
          where,
        ).toBe(true);
      }
    }
  });
});

describe('schema validation', () => {
  it('answers 400 invalid_request naming the field, and keeps a room’s own code where it has one', async () => {
    const { token } = await service.createAccount('alice');
    const typed = await api.post<ApiErrorBody>('/api/accounts', { username: 'newbie', password: 12345678 });
    expect([typed.status, typed.body.error.code]).toEqual([400, 'invalid_request']);
    expect(typed.body.error.message).toMatch(/password/);
    const status = await api.put<ApiErrorBody>(
      '/api/me/status',
      { availability: 'away', note: 7 },
      { token },
    );
    expect([status.status, status.body.error.code]).toEqual([400, 'invalid_status']);
    expect(status.body.error.message).toMatch(/note/);
    const limit = await api.get<ApiErrorBody>('/api/calls?limit=500', { token });
    expect([limit.status, limit.body.error.code]).toEqual([400, 'invalid_limit']);
    const ring = await api.put<ApiErrorBody>('/api/settings', { ringTimeoutSec: 'soon' }, { token });
    expect([ring.status, ring.body.error.code]).toEqual([400, 'invalid_ring_timeout']);
    const stray = await api.post<ApiErrorBody>('/api/calls/seen', { surprise: true }, { token });
    expect([stray.status, stray.body.error.code]).toEqual([400, 'unexpected_body']);
  });

  it('serialises only what the response schema names', async () => {
    const config = await api.get<Record<string, unknown>>('/api/config');
    expect(Object.keys(config.body).sort()).toEqual([
      'domain',
      'iceServers',
      'recording',
      'sipListeners',
      'sipUrl',
    ]);
  });
});
