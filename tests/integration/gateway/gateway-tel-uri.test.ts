/**
 * A plain SIP phone reaches a phone number with a `tel:` Request-URI (issue 11: "`sip:+E164@DOMAIN`
 * (also `;user=phone` and `tel:` forms)"; RFC 3966, RFC 3261 §19.1.6): the same policy refuses it with
 * its reason before the trunk sees anything, and once allowed the carrier gets the E.164 number as a SIP
 * URI with the trunk's caller ID. A tel URI that is no global number is a clear 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExampleGateway, type ExampleGateway } from '../../support/gateway/example-gateway.js';
import type { RawCarrier } from '../../support/gateway/raw-carrier.js';
import { plainSdp, type UdpPhone } from '../../support/gateway/udp-phone.js';
import type { TestService } from '../../support/service/test-service.js';

let gw: ExampleGateway;
let carrier: RawCarrier;
let svc: TestService;
let phone: UdpPhone;

beforeAll(async () => {
  gw = await startExampleGateway();
  ({ carrier, svc, phone } = gw);
});
afterAll(async () => {
  await gw?.stop();
});

describe('INVITE to a tel: URI', () => {
  it('is refused with the reason without permission, then reaches the carrier as sip:+E164', async () => {
    const refused = await (await phone.call('tel:+442079460018', plainSdp(44_000))).final;
    expect(refused.status).toBe(403);
    expect(refused.header('X-Parley-Refusal')).toBe('pstn_not_permitted');
    expect(carrier.invites).toHaveLength(0);

    await svc.service.store.pstn.setPermission('alice', true, null, Date.now());
    const invited = carrier.nextInvite();
    const call = await phone.call('tel:+442079460018', plainSdp(44_000));
    const invite = await invited;
    expect(invite).toMatch(new RegExp(`^INVITE sip:\\+442079460018@127\\.0\\.0\\.1:${carrier.port}[;> ]`));
    expect(invite).toMatch(/^From:[^\r\n]*<sip:\+15550100@/im);
    expect(invite).not.toMatch(/alice/i);
    expect((await call.final).status).toBe(200);
    expect((await call.bye()).status).toBe(200);
  });

  it('answers 404 to a tel URI that is not a global number, and keeps serving', async () => {
    const local = await (await phone.call('tel:7042;phone-context=example.com', plainSdp(44_002))).final;
    expect(local.status).toBe(404);
    expect(carrier.invites).toHaveLength(1);
  });
});
