/**
 * The Fastify app alone (no sockets: `inject`): schemas validate and serialise, one error shape, 404 vs 405
 * with Allow, HEAD beside GET, raw bodies only where a route names their type, the OpenAPI document.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../common/logger.js';
import { ApiRoutes } from '../../../../server/src/http/api-route.js';
import { createHttpApp } from '../../../../server/src/http/http-app.js';

const THING = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string' }, n: { type: 'integer' } },
};

async function app() {
  const routes = new ApiRoutes()
    .add({
      method: 'GET',
      url: '/api/things/:id',
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 5 } } },
        response: { 200: THING },
      },
      handler: (ctx) => ({ status: 200, body: { id: ctx.params['id'], n: 1, secret: 'not in the schema' } }),
    })
    .add({
      method: 'PUT',
      url: '/api/things/:id',
      schema: {
        body: { type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 0 } } },
        response: { 200: THING },
      },
      handler: (ctx) => ({ status: 200, body: { id: ctx.params['id'], n: ctx.body?.['n'] } }),
    })
    .add({
      method: 'PUT',
      url: '/api/blob',
      schema: { response: { 200: { type: 'object', properties: { size: { type: 'integer' } } } } },
      rawBodyTypes: ['audio/ogg'],
      bodyLimit: 10,
      handler: (ctx) => ({ status: 200, body: { size: ctx.rawBody?.length ?? -1 } }),
    });
  const staticFiles = async (_req: unknown, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('static');
  };
  return (await createHttpApp({ routes, staticFiles, logger: silentLogger })).app;
}

let a: FastifyInstance;
beforeAll(async () => {
  a = await app();
}, 60_000);

describe('the HTTP app', () => {
  it('serialises only the fields of the response schema, with the security headers', async () => {
    const reply = await a.inject({ method: 'GET', url: '/api/things/a1' });
    expect([reply.statusCode, reply.json()]).toEqual([200, { id: 'a1', n: 1 }]);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['cache-control']).toBe('no-store');
    const head = await a.inject({ method: 'HEAD', url: '/api/things/a1' });
    expect([head.statusCode, head.body]).toEqual([200, '']);
  });

  it('answers a schema failure 400 invalid_request naming the field, without coercing body types', async () => {
    const put = (payload: string) =>
      a.inject({
        method: 'PUT',
        url: '/api/things/a1',
        payload,
        headers: { 'content-type': 'application/json' },
      });
    for (const [payload, field] of [
      ['{}', 'n'],
      ['{"n":"3"}', 'n'],
      ['{"n":-1}', 'n'],
    ] as const) {
      const reply = await put(payload);
      expect(reply.statusCode).toBe(400);
      expect(reply.json().error.code).toBe('invalid_request');
      expect(reply.json().error.message).toContain(field);
    }
    expect((await put('[1]')).json().error.code).toBe('invalid_body');
    expect((await put('null')).json().error.code).toBe('invalid_body');
    expect((await put('{"n":')).json().error.code).toBe('invalid_json');
    expect((await put('{"n":3}')).json()).toEqual({ id: 'a1', n: 3 });
    const param = await a.inject({ method: 'GET', url: '/api/things/toolong' });
    expect([param.statusCode, param.json().error.message]).toEqual([
      400,
      'params/id must NOT have more than 5 characters.',
    ]);
  });

  it('tells 404 from 405 with Allow, also outside the API, and answers a bad path in the same shape', async () => {
    const missing = await a.inject({ method: 'GET', url: '/api/nothing' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'not_found']);
    const wrong = await a.inject({ method: 'DELETE', url: '/api/things/a1' });
    expect([wrong.statusCode, wrong.headers['allow'], wrong.json().error.code]).toEqual([
      405,
      'GET, HEAD, PUT',
      'method_not_allowed',
    ]);
    const post = await a.inject({ method: 'POST', url: '/index.html' });
    expect([post.statusCode, post.headers['allow']]).toEqual([405, 'GET, HEAD']);
    expect((await a.inject({ method: 'GET', url: '/some/page' })).body).toBe('static');
    expect((await a.inject({ method: 'GET', url: '/api/x/%E0%A4%A' })).json().error.code).toBe('not_found');
  });

  it('takes a raw body only where the route names its type, within the route limit', async () => {
    const ogg = (payload: Buffer) =>
      a.inject({ method: 'PUT', url: '/api/blob', payload, headers: { 'content-type': 'audio/ogg' } });
    expect((await ogg(Buffer.from('OggS'))).json()).toEqual({ size: 4 });
    const big = await ogg(Buffer.alloc(11));
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'payload_too_large']);
    const elsewhere = await a.inject({
      method: 'PUT',
      url: '/api/things/a1',
      payload: Buffer.from('OggS'),
      headers: { 'content-type': 'audio/ogg' },
    });
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([415, 'unsupported_media_type']);
  });

  it('serves the OpenAPI document of its routes', async () => {
    const doc = (await a.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/blob', '/api/openapi.json', '/api/things/{id}']);
    expect(doc.paths['/api/things/{id}'].put.requestBody.content['application/json'].schema.required).toEqual(
      ['n'],
    );
    expect(doc.paths['/api/blob'].put.requestBody.content).toHaveProperty('audio/ogg');
  });
});
