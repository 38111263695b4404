/**
 * sipp (Debian `sip-tester`) over UDP against the real service: REGISTER with digest (MD5, the only
 * challenge plain phones get), and calls through the proxy — INVITE/407/ACK, INVITE with credentials,
 * 180, 200, ACK and BYE along the Record-Route — with 10 % of sipp's packets dropped in both directions
 * (`-lost 10`): every call completes through retransmissions (RFC 3261 §17 timers on both sides), and no
 * transaction is left once they are over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeUdpPort, runSipp, startSipp } from '../../support/peers/sipp.js';
import { startSipTestServer, type SipTestServer } from '../../support/sip/sip-test-server.js';

const T1 = 100;
let server: SipTestServer;

beforeAll(async () => {
  server = await startSipTestServer({
    listeners: [{ protocol: 'udp', host: '127.0.0.1', port: 0 }],
    timers: { t1: T1, t2: 4000, t4: 5000 },
  });
  for (const u of ['alice', 'bob', 'carol', 'dave']) server.secrets.addUser(u, `${u}-password`);
});
afterAll(async () => {
  await server.close();
});

const users = (...names: string[]) =>
  names.map((username) => ({ username, password: `${username}-password` }));

async function noTransactionsLeft(): Promise<{ servers: number; clients: number }> {
  const deadline = Date.now() + 64 * T1 + 5000;
  for (;;) {
    const counts = server.service.transactionCounts();
    if ((counts.servers === 0 && counts.clients === 0) || Date.now() > deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('sipp over UDP', () => {
  it('registers three users with digest', async () => {
    const result = await runSipp({
      scenario: 'register.xml',
      remotePort: server.port('udp'),
      domain: server.domain,
      users: users('alice', 'carol', 'dave'),
      calls: 3,
    });
    expect(result.code, result.output).toBe(0);
    for (const u of ['alice', 'carol', 'dave']) expect(server.service.presenceOf(u)).toBe('online');
  });

  it('completes every call through the proxy with 10 % packet loss, and leaves no transaction behind', async () => {
    const calls = 8;
    const calleePort = await freeUdpPort();
    const registered = await runSipp({
      scenario: 'register.xml',
      remotePort: server.port('udp'),
      domain: server.domain,
      users: users('bob'),
      localPort: calleePort,
    });
    expect(registered.code, registered.output).toBe(0);
    const callee = await startSipp({
      scenario: 'uas.xml',
      remotePort: server.port('udp'),
      domain: server.domain,
      localPort: calleePort,
      calls,
      lost: 10,
    });
    try {
      const caller = await runSipp({
        scenario: 'uac.xml',
        remotePort: server.port('udp'),
        domain: server.domain,
        users: Array.from({ length: calls }, () => users('alice')[0]!),
        service: 'bob',
        calls,
        rate: 4,
        lost: 10,
      });
      expect(caller.code, caller.output).toBe(0);
      expect(caller.successful).toBe(calls);
      const answered = await callee.done;
      expect(answered.code, answered.output).toBe(0);
      // Packets really were lost on the way, so the calls needed the retransmissions.
      expect(caller.lost + answered.lost).toBeGreaterThan(0);
    } finally {
      await callee.stop();
    }
    expect(await noTransactionsLeft()).toEqual({ servers: 0, clients: 0 });
  });
});
