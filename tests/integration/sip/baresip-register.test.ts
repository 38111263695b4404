/**
 * baresip 1.0 (a real plain-SIP softphone from Debian) registers to the service over UDP and over
 * TCP with digest: the service offers MD5 alone on those transports (baresip refuses when any
 * challenge is SHA-256), and the user shows online.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaresipRegister } from '../../support/peers/baresip-register.js';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';

let server: SipTestServer;

beforeAll(async () => {
  server = await startSipTestServer({
    listeners: [
      { protocol: 'udp', host: '127.0.0.1', port: 0 },
      { protocol: 'tcp', host: '127.0.0.1', port: 0 },
    ],
  });
  server.secrets.addUser('alice', 'alice-password');
  server.secrets.addUser('bob', 'bob-password');
});
afterAll(async () => {
  await server.close();
});

async function online(user: string, timeoutMs = 8000): Promise<boolean> {
  const presence = new Promise<boolean>((resolve) => {
    if (server.service.presenceOf(user) === 'online') resolve(true);
    const off = server.service.onPresenceChange((u) => {
      if (u === user && server.service.presenceOf(user) === 'online') {
        off();
        resolve(true);
      }
    });
    setTimeout(() => {
      off();
      resolve(server.service.presenceOf(user) === 'online');
    }, timeoutMs).unref();
  });
  return presence;
}

describe('baresip registers with digest', () => {
  it.each([
    ['udp', 'alice'],
    ['tcp', 'bob'],
  ] as const)('over %s', async (transport, user) => {
    const phone = await startBaresipRegister({
      username: user,
      password: `${user}-password`,
      domain: server.domain,
      transport,
      port: server.port(transport),
    });
    try {
      expect(await online(user), phone.output()).toBe(true);
    } finally {
      await phone.stop();
    }
  });
});
