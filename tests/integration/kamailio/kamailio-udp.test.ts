/**
 * Kamailio's optional plain-SIP UDP listener (run.sh --udp-port): a plain UDP client registers with an
 * MD5 digest (RFC 3261 §22.4) against the same `subscriber` rows the Parley service writes, a wrong
 * password is challenged again (401), and a call between two UDP users is routed along the
 * Record-Route (INVITE/407/INVITE/180/200/ACK/BYE, sipp uac → Kamailio → sipp uas).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startParleyWithKamailio,
  type ParleyWithKamailio,
} from '../../support/kamailio/parley-with-kamailio.js';
import { freeUdpPort, runSipp, startSipp } from '../../support/peers/sipp.js';
import { RawPlainClient } from '../../support/sip/raw-plain-client.js';
import { buildRequest, digestAnswer } from '../../support/sip/raw-sip-client.js';
import type { TestAccount } from '../../support/service/test-service.js';

let deployment: ParleyWithKamailio;
let udpPort: number;
let alice: TestAccount;
let bob: TestAccount;

beforeAll(async () => {
  udpPort = await freeUdpPort();
  deployment = await startParleyWithKamailio({ udpPort });
  alice = await deployment.service.createAccount('alice');
  bob = await deployment.service.createAccount('bob');
});
afterAll(async () => {
  await deployment?.stop();
});

describe('Kamailio over UDP', () => {
  it('registers a sipp user with an MD5 digest against the service’s subscriber table', async () => {
    const result = await runSipp({
      scenario: 'register.xml',
      remotePort: udpPort,
      domain: deployment.domain,
      users: [alice],
    });
    expect(result.code, result.output).toBe(0);
    expect(result.successful).toBe(1);
    const binding = await deployment.kamailio.rpc('ul.lookup', 'location', `alice@${deployment.domain}`);
    expect(binding).toContain(`Socket: udp:127.0.0.1:${udpPort}`);
  });

  it('challenges a wrong password again with 401 and binds nothing', async () => {
    const c = await RawPlainClient.connect('udp', udpPort);
    try {
      const register = (cseq: number, auth?: string): string =>
        buildRequest({
          method: 'REGISTER',
          ruri: `sip:${deployment.domain}`,
          from: `sip:bob@${deployment.domain}`,
          to: `sip:bob@${deployment.domain}`,
          callId: `reg-${c.contactUser}`,
          cseq,
          viaHost: `${c.viaHost};rport`,
          viaTransport: 'UDP',
          headers: [
            `Contact: <sip:bob@${c.viaHost};transport=udp>`,
            'Expires: 600',
            ...(auth ? [`Authorization: ${auth}`] : []),
          ],
        });
      const first = await c.request(register(1));
      expect(first.status).toBe(401);
      expect(first.header('WWW-Authenticate')).toContain('algorithm=MD5');
      const auth = digestAnswer(first.header('WWW-Authenticate')!, {
        username: 'bob',
        password: 'not-the-password',
        method: 'REGISTER',
        uri: `sip:${deployment.domain}`,
      });
      const second = await c.request(register(2, auth));
      expect([401, 403]).toContain(second.status);
      const lookup = await deployment.kamailio.rpc('ul.lookup', 'location', `bob@${deployment.domain}`);
      expect(lookup).toContain('AOR not found');
    } finally {
      c.close();
    }
  });

  it('routes calls between registered UDP users along the Record-Route', async () => {
    const calls = 2;
    const common = { remotePort: udpPort, domain: deployment.domain };
    const calleePort = await freeUdpPort();
    const registered = await runSipp({
      ...common,
      scenario: 'register.xml',
      users: [bob],
      localPort: calleePort,
    });
    expect(registered.code, registered.output).toBe(0);
    const callee = await startSipp({ ...common, scenario: 'uas.xml', localPort: calleePort, calls });
    const caller = await runSipp({
      ...common,
      scenario: 'uac.xml',
      users: Array.from({ length: calls }, () => alice),
      service: 'bob',
      calls,
    });
    const answered = await callee.done;
    expect(caller.code, caller.output + deployment.kamailio.readLog()).toBe(0);
    expect(caller.successful).toBe(calls);
    expect(answered.successful).toBe(calls);
  });
});
