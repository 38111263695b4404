/**
 * Per-source limits and size limits on the wire (transport/source-guard.ts, sip-core.ts), with small
 * limits so each rule shows in a few messages: the connection cap, the ban (and that it hits the client
 * behind a trusted TLS terminator, not the terminator), and the header limits (400/513).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';
import { buildRequest, readFrame, type RawFrame } from '../../support/sip/raw-sip-client.js';

let server: SipTestServer;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  server = await startSipTestServer({
    sourceLimits: { maxConnectionsPerSource: 2, maxMessagesPerSecond: 20, banSeconds: 60 },
    trustedProxies: ['127.0.0.1'],
  });
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.close();
});

/** Opens a SIP WebSocket from `source`, optionally through a "proxy" that names the client. */
function open(source: string, forwardedFor?: string): Promise<{ ws: WebSocket; status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(server.url, ['sip'], {
      localAddress: source,
      ...(forwardedFor ? { headers: { 'X-Forwarded-For': `198.51.100.1, ${forwardedFor}` } } : {}),
    });
    sockets.push(ws);
    ws.on('open', () => resolve({ ws, status: 101 }));
    ws.on('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode ?? 0 }));
    ws.on('error', () => undefined);
  });
}

function options(): string {
  return buildRequest({
    method: 'OPTIONS',
    ruri: `sip:${server.domain}`,
    from: `sip:anyone@${server.domain}`,
    to: `sip:${server.domain}`,
  });
}

function reply(ws: WebSocket, text: string): Promise<RawFrame> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(readFrame(data.toString())));
    ws.send(text);
  });
}

describe('per-source limits', () => {
  it('refuses a connection past the per-source cap (403 at the upgrade)', async () => {
    expect((await open('127.0.0.4')).status).toBe(101);
    expect((await open('127.0.0.4')).status).toBe(101);
    expect((await open('127.0.0.4')).status).toBe(403);
    expect((await open('127.0.0.5')).status).toBe(101);
  });

  it('bans the client named by a trusted proxy, not the proxy; an untrusted address cannot name another', async () => {
    const flooder = (await open('127.0.0.1', '203.0.113.7')).ws;
    const closed = new Promise<void>((resolve) => flooder.on('close', () => resolve()));
    for (let i = 0; i < 30; i++) flooder.send(options());
    await closed;
    expect(server.service.bannedSources?.()).toEqual(['203.0.113.7']);
    // The same proxy still serves its other clients; the banned one cannot come back through it.
    const other = (await open('127.0.0.1', '203.0.113.8')).ws;
    expect((await reply(other, options())).status).toBe(200);
    expect((await open('127.0.0.1', '203.0.113.7')).status).toBe(403);
    // From an address that is no trusted proxy the header is ignored.
    const untrusted = (await open('127.0.0.6', '203.0.113.7')).ws;
    expect((await reply(untrusted, options())).status).toBe(200);
  });

  it('answers too many header fields with 400 and an oversized header section with 513, and keeps serving', async () => {
    const { ws } = await open('127.0.0.7');
    const many = Array.from({ length: 300 }, (_, i) => `X-Filler-${i}: x`);
    const tooMany = await reply(ws, options().replace('\r\n\r\n', `\r\n${many.join('\r\n')}\r\n\r\n`));
    expect(tooMany.text.split('\r\n')[0]).toBe('SIP/2.0 400 Too Many Header Fields');
    const big = await reply(ws, options().replace('\r\n\r\n', `\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(big.text.split('\r\n')[0]).toBe('SIP/2.0 513 Message Too Large (Header Section)');
    expect((await reply(ws, options())).status).toBe(200);
  });
});
