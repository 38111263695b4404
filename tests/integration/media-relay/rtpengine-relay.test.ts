/**
 * The media relay hook against a REAL rtpengine (userspace, loopback): a Chromium offer is rewritten
 * for a plain phone and the phone's answer for the browser, and the other way round.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaRelayError } from '../../../server/src/sip/core/media-relay-hook.js';
import {
  createRtpengineRelay,
  type RtpengineRelay,
} from '../../../server/src/media-relay/rtpengine-relay.js';
import { startTestRtpengine, type TestRtpengine } from '../../support/peers/rtpengine.js';
import { freeUdpPort } from '../../support/peers/free-port.js';
import { NgClient } from '../../../server/src/media-relay/ng-client.js';

const chromiumOffer = fs.readFileSync(new URL('./fixtures/chromium-offer.sdp', import.meta.url), 'utf8');

/** The same offer as if the browser had offered Opus alone. */
const opusOnlyOffer = chromiumOffer
  .replace(/^m=audio (\d+) (\S+) .*$/m, 'm=audio $1 $2 111')
  .split('\r\n')
  .filter((line) => !/^a=(rtpmap|fmtp|rtcp-fb):(?!111 )/.test(line))
  .join('\r\n');

/** What a desk phone answers or offers: RTP/AVP, PCMU (+ DTMF events), no ICE, no crypto. */
function phoneSdp(port: number, codecs: 'pcmu' | 'pcmu+pcma' = 'pcmu'): string {
  const pts = codecs === 'pcmu' ? '0 101' : '0 8 101';
  return [
    'v=0',
    'o=phone 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP ${pts}`,
    'a=rtpmap:0 PCMU/8000',
    ...(codecs === 'pcmu' ? [] : ['a=rtpmap:8 PCMA/8000']),
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

const mLine = (sdp: string): string => /^m=audio .*$/m.exec(sdp)?.[0].trim() ?? '';
const has = (sdp: string, pattern: RegExp): boolean => pattern.test(sdp);

/** What a plain phone can use: RTP/AVP, no ICE, no DTLS, rtpengine's own address and port. */
function expectPlainSdp(sdp: string, rtpengineLow: number, rtpengineHigh: number): void {
  const m = /^m=audio (\d+) RTP\/AVP /m.exec(sdp);
  expect(m, sdp).not.toBeNull();
  const port = Number(m?.[1]);
  expect(port).toBeGreaterThanOrEqual(rtpengineLow);
  expect(port).toBeLessThanOrEqual(rtpengineHigh);
  expect(sdp).toMatch(/^c=IN IP4 127\.0\.0\.1/m);
  for (const webrtcOnly of [
    /^a=ice-ufrag/m,
    /^a=ice-pwd/m,
    /^a=candidate/m,
    /^a=fingerprint/m,
    /^a=setup/m,
    /^a=rtcp-mux/m,
    /^a=crypto/m,
  ]) {
    expect(has(sdp, webrtcOnly), `${String(webrtcOnly)} in\n${sdp}`).toBe(false);
  }
}

/** What a browser needs: DTLS-SRTP profile, ICE credentials + a candidate, a fingerprint, rtcp-mux. */
function expectWebrtcSdp(sdp: string): void {
  expect(mLine(sdp)).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /);
  for (const needed of [
    /^a=ice-ufrag:\S+/m,
    /^a=ice-pwd:\S+/m,
    /^a=candidate:.* 127\.0\.0\.1 \d+ typ host/m,
    /^a=fingerprint:sha-256 [0-9A-F:]+/m,
    /^a=setup:(active|passive|actpass)/m,
    /^a=rtcp-mux/m,
    /^a=mid:\S+/m,
  ]) {
    expect(has(sdp, needed), `${String(needed)} missing in\n${sdp}`).toBe(true);
  }
  expect(has(sdp, /^a=crypto/m), 'SDES must be off').toBe(false);
}

describe('rtpengine relay (real rtpengine)', () => {
  let rtpengine: TestRtpengine;
  let relay: RtpengineRelay;
  let low = 0;
  let high = 0;

  beforeAll(async () => {
    rtpengine = await startTestRtpengine();
    relay = createRtpengineRelay({ address: rtpengine.address });
    low = rtpengine.portMin;
    high = rtpengine.portMax;
  });
  afterAll(async () => {
    relay?.close();
    await rtpengine?.stop();
  });

  it('answers ping', async () => {
    await expect(relay.ping()).resolves.toBeUndefined();
  });

  it('browser calls a phone: the offer loses ICE/DTLS for the phone, the answer gains them for the browser', async () => {
    const leg = { callId: 'relay-test-1', fromTag: 'browser-tag' };
    const toPhone = await relay.offer(leg, chromiumOffer, 'webrtc', 'plain');
    expectPlainSdp(toPhone, low, high);
    expect(mLine(toPhone)).toMatch(/ 0( |$)/); // PCMU still offered

    const toBrowser = await relay.answer(
      { ...leg, toTag: 'phone-tag' },
      phoneSdp(await freeUdpPort()),
      'plain',
      'webrtc',
    );
    expectWebrtcSdp(toBrowser);
    expect(mLine(toBrowser)).toMatch(/ UDP\/TLS\/RTP\/SAVPF 0$/); // the phone's codec, no transcoding
    expect(toBrowser).toMatch(/^a=setup:active/m); // the browser offered actpass: rtpengine takes the DTLS client role

    await relay.delete(leg);
  });

  it('a browser offering only Opus still reaches a phone without Opus: PCMU/PCMA are added and transcoded', async () => {
    const leg = { callId: 'relay-test-opus', fromTag: 'browser-tag' };
    const toPhone = await relay.offer(leg, opusOnlyOffer, 'webrtc', 'plain');
    expectPlainSdp(toPhone, low, high);
    expect(mLine(toPhone)).toMatch(/ 111 0 8$/);
    expect(toPhone).toMatch(/^a=rtpmap:0 PCMU\/8000/m);

    const toBrowser = await relay.answer(
      { ...leg, toTag: 'phone-tag' },
      phoneSdp(await freeUdpPort()),
      'plain',
      'webrtc',
    );
    expectWebrtcSdp(toBrowser);
    expect(mLine(toBrowser)).toMatch(/ 111$/); // the browser hears Opus, rtpengine speaks PCMU to the phone
    expect(toBrowser).toMatch(/^a=rtpmap:111 opus\/48000\/2/m);
    await relay.delete(leg);
  });

  it('a phone calls a browser: the offer gains ICE/DTLS + rtcp-mux, the answer back is plain RTP/AVP', async () => {
    const leg = { callId: 'relay-test-2', fromTag: 'phone-tag' };
    const toBrowser = await relay.offer(leg, phoneSdp(await freeUdpPort(), 'pcmu+pcma'), 'plain', 'webrtc');
    expectWebrtcSdp(toBrowser);
    expect(toBrowser).toMatch(/^a=setup:actpass/m);

    const toPhone = await relay.answer(
      { ...leg, toTag: 'browser-tag' },
      chromiumOffer.replace('a=setup:actpass', 'a=setup:active'),
      'webrtc',
      'plain',
    );
    expectPlainSdp(toPhone, low, high);
    await relay.delete(leg);
  });

  it('forking: releasing a losing branch keeps the answered one; the BYE (either side) ends the call', async () => {
    const ng = new NgClient({ address: rtpengine.address });
    const tags = async (callId: string): Promise<string[] | string> =>
      ng.request('query', { 'call-id': callId }).then(
        (reply) => Object.keys(reply['tags'] as object),
        (error: Error) => error.message,
      );
    try {
      const caller = { callId: 'relay-fork', fromTag: 'caller' };
      // One offer per branch (the proxy sends each branch its own copy), told apart by Via branch.
      for (const viaBranch of ['br1', 'br2', 'br3'])
        await relay.offer({ ...caller, viaBranch }, chromiumOffer, 'webrtc', 'plain');
      await relay.answer(
        { ...caller, toTag: 'b3', viaBranch: 'br3' },
        phoneSdp(await freeUdpPort()),
        'plain',
        'webrtc',
      ); // 183
      await relay.answer(
        { ...caller, toTag: 'b1', viaBranch: 'br1' },
        phoneSdp(await freeUdpPort()),
        'plain',
        'webrtc',
      ); // 200

      await relay.delete({ ...caller, toTag: 'b3', viaBranch: 'br3' }); // branch 3 then failed
      await relay.delete({ ...caller, viaBranch: 'br2' }); // branch 2 was cancelled
      expect(await tags('relay-fork')).toEqual(expect.arrayContaining(['caller', 'b1']));

      await relay.delete({ callId: 'relay-fork', fromTag: 'b1', toTag: 'caller' }); // BYE from the callee
      expect(await tags('relay-fork')).toMatch(/Unknown call-id/);
    } finally {
      ng.close();
    }
  });

  it('delete is idempotent: an unknown or already deleted call is not an error', async () => {
    const leg = { callId: 'relay-test-3', fromTag: 'a' };
    await relay.offer(leg, chromiumOffer, 'webrtc', 'plain');
    await relay.delete(leg);
    await expect(relay.delete(leg)).resolves.toBeUndefined();
    await expect(relay.delete({ callId: 'never-offered', fromTag: 'x' })).resolves.toBeUndefined();
  });

  it('an answer for a call rtpengine does not know, or an SDP it cannot read, is a MediaRelayError', async () => {
    const unknown = relay.answer(
      { callId: 'no-such-call', fromTag: 'a', toTag: 'b' },
      phoneSdp(4000),
      'plain',
      'webrtc',
    );
    await expect(unknown).rejects.toBeInstanceOf(MediaRelayError);
    await expect(
      relay.offer({ callId: 'garbage', fromTag: 'a' }, 'not an sdp', 'webrtc', 'plain'),
    ).rejects.toThrow(/media relay: offer webrtc→plain for call garbage: rtpengine refused offer/);
  });

  it('an rtpengine that does not answer is a MediaRelayError that says what to install', async () => {
    const silent = createRtpengineRelay({
      address: { host: '127.0.0.1', port: await freeUdpPort() },
      timeoutMs: 50,
      retries: 1,
    });
    try {
      await expect(
        silent.offer({ callId: 'c', fromTag: 'f' }, chromiumOffer, 'webrtc', 'plain'),
      ).rejects.toThrow(/did not answer offer .*rtpengine-daemon/);
    } finally {
      silent.close();
    }
  });
});
