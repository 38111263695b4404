import { describe, expect, it } from 'vitest';
import { AccountError } from '../../../../server/src/accounts/account-error.js';
import { HttpError, toHttpError } from '../../../../server/src/http/http-error.js';
import { ApiRoutes, type HttpMethod } from '../../../../server/src/http/api-route.js';
import { sipUrlFor } from '../../../../server/src/http/client-config.js';

describe('ApiRoutes.allowedMethods', () => {
  const ok = () => ({ status: 200 });
  const route = (method: HttpMethod, url: string) => ({ method, url, schema: { response: {} }, handler: ok });
  const routes = new ApiRoutes()
    .add(route('GET', '/api/contacts'))
    .add(route('PUT', '/api/contacts/:username'))
    .add(route('DELETE', '/api/contacts/:username'));

  it('tells 405 (with the allowed methods, HEAD beside GET) from 404', () => {
    expect(routes.allowedMethods('/api/contacts/bob')).toEqual(['PUT', 'DELETE']);
    expect(routes.allowedMethods('/api/contacts')).toEqual(['GET', 'HEAD']);
    expect(routes.allowedMethods('/api/contacts/')).toEqual(['GET', 'HEAD']);
    expect(routes.allowedMethods('/api/nothing')).toEqual([]);
    expect(routes.allowedMethods('/api/contacts/bob/extra')).toEqual([]);
  });
});

describe('error mapping', () => {
  it.each([
    ['invalid', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['throttled', 429],
  ] as const)('%s → %i', (kind, status) => {
    const error = toHttpError(new AccountError(kind, 'some_code', 'message', 7));
    expect([error.status, error.code, error.message]).toEqual([status, 'some_code', 'message']);
  });

  it('adds Retry-After to 429 and WWW-Authenticate to 401', () => {
    expect(toHttpError(new AccountError('throttled', 'x', 'm', 7)).headers['retry-after']).toBe('7');
    expect(toHttpError(new AccountError('unauthorized', 'x', 'm')).headers['www-authenticate']).toMatch(
      /^Bearer/,
    );
  });

  it('hides unknown errors behind a bare 500', () => {
    const error = toHttpError(new Error('SQLITE_BUSY at /secret/path'));
    expect([error.status, error.code]).toEqual([500, 'internal_error']);
    expect(error.message).not.toContain('secret');
    const http = new HttpError(418, 'teapot', 'short and stout');
    expect(toHttpError(http)).toBe(http);
  });
});

describe('sipUrl', () => {
  const base = { domain: 'localhost', iceServers: [] };
  it('follows the Host header the client used', () => {
    expect(sipUrlFor(base, '192.168.1.5:8080', '127.0.0.1:8080')).toBe('ws://192.168.1.5:8080/sip');
    expect(sipUrlFor(base, '[::1]:8080', '127.0.0.1:8080')).toBe('ws://[::1]:8080/sip');
  });
  it('falls back to the bound address for a missing or hostile Host header', () => {
    expect(sipUrlFor(base, undefined, '127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/sip');
    expect(sipUrlFor(base, 'evil.example/x?', '127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/sip');
  });
  it('prefers the configured SIP URL, then the public URL', () => {
    expect(sipUrlFor({ ...base, publicUrl: 'https://p.example/parley' }, 'x:1', 'y:2')).toBe(
      'wss://p.example/parley/sip',
    );
    expect(sipUrlFor({ ...base, publicUrl: 'http://p.example' }, 'x:1', 'y:2')).toBe('ws://p.example/sip');
    expect(
      sipUrlFor({ ...base, publicUrl: 'https://p.example', sipUrl: 'wss://k.example:7443' }, 'x:1', 'y:2'),
    ).toBe('wss://k.example:7443');
  });
});
