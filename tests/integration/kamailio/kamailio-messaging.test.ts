/**
 * Kamailio routing beyond calls: MESSAGE (RFC 3428) to every device, 404/480 for MESSAGE, digest
 * checks that cannot be fooled (wrong password, someone else's From), sanity (400) and the WebSocket-only
 * socket. Clients are bare SIP.js user agents and raw SIP over WebSocket.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestAccount } from '../../support/service/test-service.js';
import {
  startParleyWithKamailio,
  type ParleyWithKamailio,
} from '../../support/kamailio/parley-with-kamailio.js';
import {
  buildRequest,
  openRawSipSocket,
  requestWithDigest,
  type RawSipSocket,
} from '../../support/kamailio/raw-sip-socket.js';
import { SipClient } from '../../support/kamailio/sip-client.js';

describe('Kamailio messaging and request checks', () => {
  let deployment: ParleyWithKamailio;
  let carol: TestAccount;
  let dave: TestAccount;
  const clients: SipClient[] = [];
  const sockets: RawSipSocket[] = [];

  const client = (account: TestAccount, password = account.password): SipClient => {
    const c = new SipClient({
      sipUrl: deployment.sipUrl,
      domain: deployment.domain,
      username: account.username,
      password,
    });
    clients.push(c);
    return c;
  };
  const raw = async (): Promise<RawSipSocket> => {
    const s = await openRawSipSocket(deployment.sipUrl);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    deployment = await startParleyWithKamailio();
    carol = await deployment.service.createAccount('carol');
    dave = await deployment.service.createAccount('dave');
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await Promise.all(clients.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  it('delivers a MESSAGE to every registered device of the recipient', async () => {
    const sender = client(carol);
    const phone = client(dave);
    const laptop = client(dave);
    expect([await sender.register(), await phone.register(), await laptop.register()]).toEqual([
      200, 200, 200,
    ]);

    const onPhone = phone.nextMessage();
    const onLaptop = laptop.nextMessage();
    expect(await sender.message('dave', 'lunch at noon?')).toBe(200);
    for (const received of await Promise.all([onPhone, onLaptop])) {
      expect(received.body).toBe('lunch at noon?');
      expect(received.from).toBe(`sip:carol@${deployment.domain}`);
    }
  });

  it('answers 404 for an unknown recipient and 480 for one with no device online', async () => {
    const sender = client(carol);
    expect(await sender.register()).toBe(200);
    expect(await sender.message('nobody-here', 'hello?')).toBe(404);
    expect(await sender.message('dave', 'are you there?')).toBe(480);
  });

  it('forgets a device whose WebSocket closes without unregistering (handle_lost_tcp)', async () => {
    const sender = client(carol);
    expect(await sender.register()).toBe(200);
    // dave registers by hand on a raw socket, then the socket just closes (app killed, network lost).
    const s = await raw();
    const registered = await requestWithDigest(
      s,
      {
        method: 'REGISTER',
        requestUri: `sip:${deployment.domain}`,
        from: `sip:dave@${deployment.domain}`,
        to: `sip:dave@${deployment.domain}`,
        extraHeaders: ['Contact: <sip:d4ve@x1.invalid;transport=ws>', 'Expires: 600'],
      },
      dave,
    );
    expect(registered.response?.status).toBe(200);
    const aor = `dave@${deployment.domain}`;
    expect(await deployment.kamailio.rpc('ul.lookup', 'location', aor)).toMatch(/d4ve@x1\.invalid/);

    s.close();
    // Kamailio notices the closed connection and drops the binding: MESSAGE gets 480 at once, not a
    // transaction timeout on a dead connection.
    let binding = '';
    for (let i = 0; i < 50; i++) {
      binding = await deployment.kamailio
        .rpc('ul.lookup', 'location', aor)
        .catch((e: { stdout?: string }) => e.stdout ?? '');
      if (!/d4ve@x1\.invalid/.test(binding)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(binding).not.toMatch(/d4ve@x1\.invalid/);
    expect(await sender.message('dave', 'still there?')).toBe(480);
  });

  it('accepts an account created after Kamailio started (it reads the live SQLite file)', async () => {
    const erin = await deployment.service.createAccount('erin');
    expect(await client(erin).register()).toBe(200);
  });

  it('refuses a wrong password and a REGISTER for someone else', async () => {
    expect(await client(carol, 'wrong-password').register()).toBe(401);

    // carol's correct credentials, but binding dave's address (To/From = dave): 403, not a binding.
    const s = await raw();
    const register = {
      method: 'REGISTER',
      requestUri: `sip:${deployment.domain}`,
      extraHeaders: ['Contact: <sip:x@y.invalid;transport=ws>', 'Expires: 60'],
    };
    const daves = `sip:dave@${deployment.domain}`;
    const asDave = await requestWithDigest(s, { ...register, from: daves, to: daves }, carol);
    expect(asDave.challenge.status).toBe(401);
    expect(asDave.response?.status).toBe(403);

    // The same digest machinery with carol's own identity is accepted: the 403 above is the identity check.
    const carols = `sip:carol@${deployment.domain}`;
    const own = await requestWithDigest(s, { ...register, from: carols, to: carols }, carol);
    expect(own.response?.status).toBe(200);
  });

  it('refuses a call that is not authenticated', async () => {
    const s = await raw();
    const { text, callId } = buildRequest({
      method: 'MESSAGE',
      requestUri: `sip:carol@${deployment.domain}`,
      from: `sip:mallory@evil.example`,
      to: `sip:carol@${deployment.domain}`,
      extraHeaders: ['Content-Type: text/plain'],
      body: 'spam',
    });
    s.send(text);
    // Not one of our users: no relaying for strangers.
    expect((await s.nextResponse(callId))?.status).toBe(403);

    const own = buildRequest({
      method: 'MESSAGE',
      requestUri: `sip:carol@${deployment.domain}`,
      from: `sip:dave@${deployment.domain}`,
      to: `sip:carol@${deployment.domain}`,
      extraHeaders: ['Content-Type: text/plain'],
      body: 'hi',
    });
    s.send(own.text);
    // A local From without credentials is challenged (RFC 3261 §22.3).
    expect((await s.nextResponse(own.callId))?.status).toBe(407);
  });

  it('answers 400 to a malformed request (sanity module)', async () => {
    const s = await raw();
    const { text, callId } = buildRequest({
      method: 'OPTIONS',
      requestUri: `sip:${deployment.domain}`,
      from: `sip:carol@${deployment.domain}`,
      to: `sip:${deployment.domain}`,
      extraHeaders: ['Expires: soon'],
    });
    s.send(text);
    const response = await s.nextResponse(callId);
    expect(response?.status).toBe(400);
  });

  it('answers OPTIONS to itself, as a keepalive probe', async () => {
    const s = await raw();
    const { text, callId } = buildRequest({
      method: 'OPTIONS',
      requestUri: `sip:${deployment.domain}`,
      from: `sip:carol@${deployment.domain}`,
      to: `sip:${deployment.domain}`,
    });
    s.send(text);
    expect((await s.nextResponse(callId))?.status).toBe(200);
  });
});
