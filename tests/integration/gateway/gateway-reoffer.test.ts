/**
 * Hold, resume and other re-offers on a phone call (RFC 3261 §14, RFC 3264 §8.4) cross the gateway both
 * ways (server/src/gateway/b2bua/reoffer-bridge.ts): a plain SIP phone calls a number through the real
 * service and a raw carrier; the phone holds (a=sendonly) and the carrier gets a re-INVITE of its own
 * dialog saying so, with none of the user's identity in it; the carrier's answer (a=recvonly) comes back;
 * the carrier re-offers in turn and the phone gets it. Before this, both sides got 488 and a held phone
 * call kept sending, and a network change (ICE restart re-INVITE) on a phone call failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExampleGateway, type ExampleGateway } from '../../support/gateway/example-gateway.js';
import type { RawCarrier } from '../../support/gateway/raw-carrier.js';
import { plainSdp, type UdpPhone } from '../../support/gateway/udp-phone.js';

let gw: ExampleGateway;
let carrier: RawCarrier;
let phone: UdpPhone;

beforeAll(async () => {
  gw = await startExampleGateway({ pstnAllowed: true });
  ({ carrier, phone } = gw);
});
afterAll(async () => {
  await gw?.stop();
});

const direction = (text: string): string | undefined =>
  /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(text)?.[1];
const callIdOf = (text: string): string | undefined => /\r\nCall-ID:\s*([^\r]+)/i.exec(text)?.[1];
const cseqOf = (text: string): string | undefined => /\r\nCSeq:\s*([^\r]+)/i.exec(text)?.[1];

describe('re-offers on a gateway call', () => {
  it('carries hold and resume from the phone to the carrier and back, in each side’s own dialog', async () => {
    const first = carrier.nextInvite();
    const call = await phone.call('sip:+442079460018@localhost;user=phone', plainSdp(44_100));
    const invite = await first;
    expect((await call.final).status).toBe(200);

    const held = carrier.nextInvite();
    const holdSdp = plainSdp(44_100).replace('a=sendrecv', 'a=sendonly');
    const holdAnswer = await call.reinvite(holdSdp);
    const reinvite = await held;
    // The carrier saw a re-INVITE of the dialog it knows (same Call-ID, next CSeq), saying "hold".
    expect(callIdOf(reinvite)).toBe(callIdOf(invite));
    expect(cseqOf(reinvite)).toBe('2 INVITE');
    expect(direction(reinvite)).toBe('sendonly');
    expect(reinvite).not.toMatch(/alice/i);
    // The phone got the carrier's answer (recvonly) in its own dialog.
    expect(holdAnswer.status).toBe(200);
    expect(direction(holdAnswer.text)).toBe('recvonly');
    expect(holdAnswer.header('Call-ID')).toBe(call.callId);
    // The gateway ACKed the carrier's 2xx.
    await expect.poll(() => carrier.acks.some((a) => /CSeq:\s*2 ACK/i.test(a))).toBe(true);

    const resumed = carrier.nextInvite();
    const resumeAnswer = await call.reinvite(plainSdp(44_100));
    expect(direction(await resumed)).toBe('sendrecv');
    expect(resumeAnswer.status).toBe(200);
    expect(direction(resumeAnswer.text)).toBe('sendrecv');

    expect((await call.bye()).status).toBe(200);
  });

  it('carries the carrier’s re-offer to the phone and the phone’s answer back', async () => {
    const call = await phone.call('sip:+442079460018@localhost;user=phone', plainSdp(44_200));
    expect((await call.final).status).toBe(200);

    const answered = carrier.reinvite('sendonly');
    const atPhone = await phone.invites.next();
    expect(atPhone.header('Call-ID')).toBe(call.callId);
    expect(direction(atPhone.text)).toBe('sendonly');
    const answer = plainSdp(44_200).replace('a=sendrecv', 'a=recvonly');
    phone.client.send(phone.response(atPhone, 200, 'OK', { sdp: answer }));
    const final = await answered;
    expect(final).toMatch(/^SIP\/2\.0 200 /);
    expect(direction(final)).toBe('recvonly');
    // The gateway ACKed the phone's 2xx in the phone's dialog.
    const ack = await phone.requests.next();
    expect(ack.method).toBe('ACK');
    expect(ack.header('CSeq')).toMatch(/ ACK$/);
    expect(ack.header('Call-ID')).toBe(call.callId);

    expect((await call.bye()).status).toBe(200);
  });

  it('answers 491 to a re-offer while another one is in progress (glare, RFC 3261 §14.1)', async () => {
    const call = await phone.call('sip:+442079460018@localhost;user=phone', plainSdp(44_300));
    expect((await call.final).status).toBe(200);

    const fromCarrier = carrier.reinvite('sendonly');
    const atPhone = await phone.invites.next(); // the carrier's offer waits at the phone, unanswered
    const glare = await call.reinvite(plainSdp(44_300).replace('a=sendrecv', 'a=sendonly'));
    expect(glare.status).toBe(491);
    phone.client.send(phone.response(atPhone, 200, 'OK', { sdp: plainSdp(44_300) }));
    expect(await fromCarrier).toMatch(/^SIP\/2\.0 200 /);

    expect((await call.bye()).status).toBe(200);
  });
});
