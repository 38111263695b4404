/**
 * The gateway's SIP side, inbound (issue 11): sipp plays the carrier calling a DID; the call rings the
 * user the DID belongs to through the proxy (every registered device), with the caller presented as
 * `sip:+E164@DOMAIN`; an INVITE to the DID from anywhere but a trunk is refused 403. A REFER toward a
 * phone number the referrer may not call is refused 403 before it reaches anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestGatewayPolicy,
  trunk,
  type TestGatewayPolicy,
} from '../../support/gateway/test-gateway-policy.js';
import { plainSdp, UdpPhone } from '../../support/gateway/udp-phone.js';
import { freeUdpPort, startSipp } from '../../support/peers/sipp.js';
import { RawPlainClient } from '../../support/sip/raw-plain-client.js';
import { buildRequest } from '../../support/sip/raw-sip-client.js';
import { startTestService, type TestService } from '../../support/service/test-service.js';

const DID = '+15550100';
let test: TestService;
let policy: TestGatewayPolicy;
let sipPort: number;
let carrierPort: number;
const phones: UdpPhone[] = [];

beforeAll(async () => {
  carrierPort = await freeUdpPort();
  policy = createTestGatewayPolicy({
    trunks: [trunk('carrier', carrierPort)],
    dids: [{ number: DID, user: 'alice' }],
  });
  test = await startTestService({
    sip: { sipUdp: { host: '127.0.0.1', port: 0 } },
    serviceOptions: { gatewayPolicy: policy },
  });
  await test.createAccount('alice', 'alice-phone-secret');
  await test.createAccount('bob', 'bob-phone-secret');
  sipPort = test.service.sip.listeners.find((l) => l.protocol === 'udp')!.port;
});
afterAll(async () => {
  for (const p of phones) p.close();
  await test?.stop();
});

async function registered(user: string): Promise<UdpPhone> {
  const p = await UdpPhone.open(sipPort, user, `${user}-phone-secret`);
  phones.push(p);
  await p.register();
  return p;
}

describe('gateway inbound', () => {
  it('a call to the DID rings every device of its user, presented as sip:+E164@DOMAIN; answered and hung up', async () => {
    const [desk, mobile] = [await registered('alice'), await registered('alice')];
    const carrier = await startSipp({
      scenario: 'carrier-call-did.xml',
      remotePort: sipPort,
      domain: 'localhost',
      localPort: carrierPort,
      service: DID,
    });
    const [atDesk, atMobile] = await Promise.all([desk.invites.next(), mobile.invites.next()]);
    for (const invite of [atDesk, atMobile]) {
      expect(invite.text).toMatch(/^INVITE sip:alice@127\.0\.0\.1:\d+;transport=udp SIP\/2\.0/);
      expect(invite.header('From')).toMatch(/^<sip:\+442079460018@localhost;user=phone>;tag=/);
      expect(invite.header('To')).toBe('<sip:alice@localhost>');
      expect(invite.text).toMatch(/m=audio \d+ RTP\/AVP 0 101/);
      // Nothing of the carrier's signalling beyond its SDP: its Call-ID, Via and Contact stay on its side.
      expect(invite.text).not.toContain('carrier@');
      expect(invite.text).not.toContain(`127.0.0.1:${carrierPort}`);
    }
    mobile.client.send(mobile.response(atMobile, 180, 'Ringing', { toTag: 'mob1' }));
    desk.client.send(desk.response(atDesk, 180, 'Ringing', { toTag: 'desk1' }));
    desk.client.send(desk.response(atDesk, 200, 'OK', { toTag: 'desk1', sdp: plainSdp(41_000) }));
    // The other device's ringing is cancelled (call completed elsewhere).
    const cancel = await mobile.requests.next();
    expect(cancel.method).toBe('CANCEL');
    mobile.client.send(mobile.response(atMobile, 487, 'Request Terminated', { toTag: 'mob1' }));
    // The carrier hangs up after a second: the BYE reaches the desk phone.
    const bye = await (async () => {
      for (;;) {
        const r = await desk.requests.next();
        if (r.method === 'BYE') return r;
      }
    })();
    expect(bye.header('Call-ID')).toBe(atDesk.header('Call-ID'));
    const result = await carrier.done;
    expect(result.successful).toBe(1);
  });

  it('an INVITE to the DID from an address that is not a trunk is refused 403', async () => {
    const stranger = await RawPlainClient.connect('udp', sipPort);
    phones.push({ close: () => stranger.close() } as UdpPhone);
    const res = await stranger.request(
      buildRequest({
        method: 'INVITE',
        ruri: `sip:${DID}@localhost;user=phone`,
        from: 'sip:+442079460018@elsewhere.example',
        to: `sip:${DID}@localhost`,
        viaHost: stranger.viaHost,
        viaTransport: 'UDP',
        headers: [`Contact: <sip:x@${stranger.viaHost}>`, 'Content-Type: application/sdp'],
        body: plainSdp(42_000),
      }),
    );
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/^SIP\/2\.0 403 Forbidden \(Not From A Trunk\)/);
  });

  it('a REFER in a call toward a number the referrer may not call is refused 403; an allowed one passes', async () => {
    policy.allowed.add('alice');
    policy.premium.add('+19005550199');
    const bob = await registered('bob');
    const alice = await UdpPhone.open(sipPort, 'alice', 'alice-phone-secret');
    phones.push(alice);
    const call = await alice.call('sip:bob@localhost', plainSdp(43_000));
    const invite = await bob.invites.next();
    bob.client.send(bob.response(invite, 200, 'OK', { toTag: 'bob1', sdp: plainSdp(43_100) }));
    expect((await call.final).status).toBe(200);

    const refused = await call.inDialog('REFER', ['Refer-To: <sip:+19005550199@localhost;user=phone>']);
    expect(refused.status).toBe(403);
    expect(refused.header('X-Parley-Refusal')).toBe('premium_blocked');
    expect(refused.header('Reason')).toBe('SIP;cause=403;text="Premium-rate numbers are blocked"');
    const telRefused = await call.inDialog('REFER', ['Refer-To: <tel:+1-900-555-0199>']);
    expect(telRefused.status).toBe(403);

    const allowed = await call.inDialog('REFER', ['Refer-To: <sip:+442079460018@localhost;user=phone>']);
    expect(allowed.status).toBe(200);
    // The first REFER bob ever saw is the allowed one.
    let first = await bob.requests.next();
    while (first.method !== 'REFER') first = await bob.requests.next();
    expect(first.header('Refer-To')).toBe('<sip:+442079460018@localhost;user=phone>');
    expect((await call.bye()).status).toBe(200);
  });
});
