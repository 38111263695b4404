import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ha1Md5, ha1bMd5 } from '../../../server/src/accounts/digest-ha1.js';
import { apiClient } from '../../support/service/api-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

describe('static web client', () => {
  let webRoot: string;
  let service: TestService;

  beforeAll(async () => {
    webRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-web-'));
    await fs.mkdir(path.join(webRoot, 'assets'));
    await fs.writeFile(
      path.join(webRoot, 'index.html'),
      '<!doctype html><title>Parley</title><div id="root"></div>',
    );
    await fs.writeFile(path.join(webRoot, 'assets', 'app-abc123.js'), 'console.log("parley");');
    await fs.writeFile(path.join(webRoot, 'assets', 'app-abc123.css'), 'body{}');
    await fs.writeFile(path.join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await fs.writeFile(path.join(webRoot, '.secret'), 'hidden');
    await fs.writeFile(path.join(os.tmpdir(), 'parley-outside.txt'), 'outside');
    service = await startTestService({ webRoot });
  });
  afterAll(async () => {
    await service.stop();
    await fs.rm(webRoot, { recursive: true, force: true });
  });

  it('serves index.html at / with the security headers', async () => {
    const res = await fetch(service.baseUrl + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>Parley</title>');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self'; connect-src 'self' ws: wss:; media-src 'self' blob:; img-src 'self' data: blob:; " +
        "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves assets with their content type and long-lived caching, and answers 304 to a matching ETag', async () => {
    const js = await fetch(service.baseUrl + '/assets/app-abc123.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log("parley");');
    const css = await fetch(service.baseUrl + '/assets/app-abc123.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const svg = await fetch(service.baseUrl + '/favicon.svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    const again = await fetch(service.baseUrl + '/assets/app-abc123.js', {
      headers: { 'if-none-match': js.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('falls back to index.html for client-side routes, but not for missing assets or the API', async () => {
    const route = await fetch(service.baseUrl + '/contacts/alice');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    expect((await fetch(service.baseUrl + '/assets/missing.js')).status).toBe(404);
    const api = await fetch(service.baseUrl + '/api/missing');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('never serves dotfiles or anything outside the root', async () => {
    expect(await (await fetch(service.baseUrl + '/.secret')).text()).not.toContain('hidden');
    for (const target of [
      '/../parley-outside.txt',
      '/%2e%2e/parley-outside.txt',
      '/assets/..%2f..%2fparley-outside.txt',
    ]) {
      const text = await (await fetch(service.baseUrl + target)).text();
      expect(text).not.toContain('outside');
    }
  });
});

describe('when the web client is not built', () => {
  it('GET / says to run npm run build:web', async () => {
    const service = await startTestService({ webRoot: path.join(os.tmpdir(), 'parley-no-such-dir') });
    try {
      const res = await fetch(service.baseUrl + '/');
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('npm run build:web');
      // The API works regardless.
      expect((await fetch(service.baseUrl + '/api/config')).status).toBe(200);
    } finally {
      await service.stop();
    }
  });
});

describe('persistence and the Kamailio subscriber table', () => {
  it('keeps accounts and contacts across restart() on the same port, and writes subscriber ha1/ha1b', async () => {
    const service = await startTestService({ domain: 'corp.example' });
    try {
      const api = apiClient(service.baseUrl);
      const alice = await service.createAccount('Alice', 'alice-password');
      await service.createAccount('bob', 'bob-password');
      expect((await api.put('/api/contacts/bob', undefined, { token: alice.token })).status).toBe(200);

      const before = service.baseUrl;
      await service.restart();
      expect(service.baseUrl).toBe(before);
      const contacts = await api.get<{ contacts: { username: string }[] }>('/api/contacts', {
        token: alice.token,
      });
      expect(contacts.body.contacts.map((c) => c.username)).toEqual(['bob']);

      const db = new Database(path.join(service.dataDir, 'parley.db'), { readonly: true });
      try {
        const rows = db
          .prepare('SELECT username, domain, password, ha1, ha1b FROM subscriber ORDER BY username')
          .all();
        expect(rows).toEqual([
          {
            username: 'alice',
            domain: 'corp.example',
            password: '',
            ha1: ha1Md5('alice', 'corp.example', 'alice-password'),
            ha1b: ha1bMd5('alice', 'corp.example', 'alice-password'),
          },
          {
            username: 'bob',
            domain: 'corp.example',
            password: '',
            ha1: ha1Md5('bob', 'corp.example', 'bob-password'),
            ha1b: ha1bMd5('bob', 'corp.example', 'bob-password'),
          },
        ]);
        expect(db.prepare("SELECT table_version FROM version WHERE table_name = 'subscriber'").get()).toEqual(
          {
            table_version: 7,
          },
        );
        // No plaintext anywhere in the accounts table either.
        expect(JSON.stringify(db.prepare('SELECT * FROM accounts').all())).not.toContain('alice-password');
      } finally {
        db.close();
      }
    } finally {
      await service.stop();
    }
  });
});

describe('graceful close', () => {
  it('ends open event streams and closes promptly', async () => {
    const service = await startTestService();
    const { token } = await service.createAccount('streamer');
    const res = await fetch(`${service.baseUrl}/api/events?token=${token}`);
    const reader = res.body!.getReader();
    await reader.read(); // the stream is open (retry + comment)
    const started = performance.now();
    await service.stop();
    expect(performance.now() - started).toBeLessThan(1500);
    // The client sees the end of the stream rather than a hang.
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
  });
});
