/**
 * An unmodified JsSIP 3.13 user agent in Node (WebSocketInterface over `ws`) against the service:
 * digest REGISTER interop (JsSIP answers only MD5 and keeps the last challenge field) and a
 * MESSAGE both ways with a SIP.js UA through the proxy. Calls with media are covered in Chromium.
 */
import JsSIP from 'jssip';
import type { IncomingMessageEvent, OutgoingMessageEvent } from 'jssip/lib/UA.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';
import { createTestPhone, type TestPhone } from '../../support/sip/sipjs-phone.js';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
JsSIP.debug.disable();

let server: SipTestServer;
const stops: Array<() => Promise<void> | void> = [];

function jssip(username: string, password: string): JsSIP.UA {
  const socket = new JsSIP.WebSocketInterface(server.url);
  const ua = new JsSIP.UA({
    sockets: [socket],
    uri: `sip:${username}@${server.domain}`,
    password,
    register: false,
    session_timers: false,
  });
  stops.push(() => ua.stop());
  return ua;
}

function registered(ua: JsSIP.UA): Promise<'registered' | number> {
  return new Promise((resolve) => {
    ua.on('registered', () => resolve('registered'));
    ua.on('registrationFailed', (e) =>
      resolve((e.response as { status_code?: number } | undefined)?.status_code ?? 0),
    );
    ua.on('connected', () => ua.register());
    ua.start();
  });
}

describe('JsSIP 3.13 interop', () => {
  beforeEach(async () => {
    server = await startSipTestServer();
    server.secrets.addUser('jane', 'jane-password');
    server.secrets.addUser('sam', 'sam-password');
  });
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
    await server.close();
  });

  it('registers with digest (MD5) and appears online', async () => {
    const ua = jssip('jane', 'jane-password');
    expect(await registered(ua)).toBe('registered');
    expect(server.service.presenceOf('jane')).toBe('online');
  });

  it('is refused with a wrong password', async () => {
    const ua = jssip('jane', 'not-it');
    expect(await registered(ua)).toBe(403);
    expect(server.service.presenceOf('jane')).toBe('offline');
  });

  it('exchanges MESSAGE with a SIP.js user agent through the proxy, both ways', async () => {
    const ua = jssip('jane', 'jane-password');
    expect(await registered(ua)).toBe('registered');
    const sam: TestPhone = await createTestPhone({
      url: server.url,
      domain: server.domain,
      username: 'sam',
      password: 'sam-password',
    });
    stops.push(() => sam.stop());
    await sam.register();

    // JsSIP → SIP.js (JsSIP answers the 407 with MD5).
    const sent = new Promise<string>((resolve) => {
      ua.sendMessage(`sip:sam@${server.domain}`, 'hi sam', {
        eventHandlers: {
          succeeded: () => resolve('ok'),
          failed: (e) => resolve(`failed ${String(e.cause)}`),
        },
      });
    });
    expect(await sent).toBe('ok');
    expect((await sam.nextMessage()).request.body).toBe('hi sam');

    // SIP.js → JsSIP.
    const got = new Promise<string>((resolve) => {
      ua.on('newMessage', (e: IncomingMessageEvent | OutgoingMessageEvent) => {
        if (e.originator === 'remote') resolve(e.request.body ?? '');
      });
    });
    const { Messager, UserAgent } = await import('sip.js');
    await new Messager(sam.ua, UserAgent.makeURI(`sip:jane@${server.domain}`)!, 'hi jane').message();
    expect(await got).toBe('hi jane');
  });
});
