import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, ServiceConfig } from '../../../common/api-types.js';
import { apiClient, type ApiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

let service: TestService;
let api: ApiClient;

beforeAll(async () => {
  service = await startTestService({ domain: 'corp.example' });
  api = apiClient(service.baseUrl);
});
afterAll(() => service.stop());

const errorOf = (body: unknown) => (body as ApiErrorBody).error;

/** Sends raw bytes and collects everything until the server closes or `untilText` appears. */
function rawExchange(bytes: string | Buffer, untilText?: string): Promise<string> {
  const { port } = new URL(service.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (untilText !== undefined && text.includes(untilText)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
    socket.write(bytes);
  });
}

async function stillServing(): Promise<void> {
  const reply = await api.get<ServiceConfig>('/api/config');
  expect(reply.status).toBe(200);
}

describe('GET /api/config', () => {
  it('gives domain, sipUrl (from the Host header), iceServers and the recording policy', async () => {
    const reply = await api.get<ServiceConfig>('/api/config');
    expect(reply.body).toEqual({
      domain: 'corp.example',
      sipUrl: service.sipUrl,
      iceServers: [],
      sipListeners: [],
      recording: 'off',
    });
    expect(service.sipUrl).toBe(service.baseUrl.replace('http:', 'ws:') + '/sip');
    const lan = await rawExchange(
      'GET /api/config HTTP/1.1\r\nHost: 192.168.7.9:8080\r\nConnection: close\r\n\r\n',
    );
    expect(lan).toContain('"sipUrl":"ws://192.168.7.9:8080/sip"');
  });
});

describe('errors are JSON and the service keeps serving', () => {
  it('bad JSON → 400 invalid_json', async () => {
    const reply = await api.raw('POST', '/api/accounts', '{"username": "x",', {
      'content-type': 'application/json',
    });
    expect(reply.status).toBe(400);
    expect(errorOf(reply.body).code).toBe('invalid_json');
    await stillServing();
  });

  it('a JSON value that is not an object → 400 invalid_body', async () => {
    const reply = await api.raw('POST', '/api/sessions', '[1,2]', { 'content-type': 'application/json' });
    expect([reply.status, errorOf(reply.body).code]).toEqual([400, 'invalid_body']);
  });

  it('wrong content type → 415', async () => {
    const reply = await api.raw('POST', '/api/accounts', 'username=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect([reply.status, errorOf(reply.body).code]).toEqual([415, 'unsupported_media_type']);
    const none = await api.raw('POST', '/api/sessions', '{}');
    expect(none.status).toBe(415);
  });

  it('oversize body → 413, declared or streamed', async () => {
    const big = JSON.stringify({ username: 'big', password: 'x'.repeat(70 * 1024) });
    const reply = await api.raw('POST', '/api/accounts', big, { 'content-type': 'application/json' });
    expect([reply.status, errorOf(reply.body).code]).toEqual([413, 'payload_too_large']);
    // Chunked, so the size is only known while reading.
    const head =
      'POST /api/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunk = 'a'.repeat(40 * 1024);
    const chunked = `${head}${chunk.length.toString(16)}\r\n${chunk}\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`;
    const text = await rawExchange(chunked, 'payload_too_large');
    expect(text).toMatch(/^HTTP\/1\.1 413/);
    await stillServing();
  });

  it('unknown route → 404 not_found; wrong method → 405 with Allow', async () => {
    const missing = await api.get('/api/nothing-here');
    expect([missing.status, errorOf(missing.body).code]).toEqual([404, 'not_found']);
    const wrong = await api.raw('PATCH', '/api/accounts');
    expect([wrong.status, errorOf(wrong.body).code]).toEqual([405, 'method_not_allowed']);
    expect(wrong.headers.get('allow')).toBe('POST');
    const staticPost = await api.raw('POST', '/index.html', '{}', { 'content-type': 'application/json' });
    expect(staticPost.status).toBe(405);
  });

  it('never shows a stack trace and carries the security headers on API replies', async () => {
    const reply = await api.raw('POST', '/api/accounts', '{', { 'content-type': 'application/json' });
    expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.ts|node:internal/);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('cache-control')).toBe('no-store');
  });

  it('survives garbage on the socket and odd request targets', async () => {
    expect(await rawExchange('\x00\x01GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(
      await rawExchange(
        'GET http://evil.example/api/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      ),
    ).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawExchange('GET //evil/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400/,
    );
    // A WebSocket upgrade anywhere but /sip is refused rather than left hanging.
    const upgrade = await rawExchange(
      'GET /api/config HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 404/);
    await stillServing();
  });
});
