/**
 * A Chromium user calls a phone number through the gateway (issue 11), against the real service with the
 * shipped gateway file (its trunk pointed at a carrier this test owns) and rates, a real rtpengine
 * (WebRTC ⇄ plain RTP) and the B2BUA on the service's UDP listener:
 * - "+44 20 7946 0018" typed in the dial box reaches the carrier as `sip:+442079460018@…` with the trunk's
 *   caller ID, and nothing of the user's identity;
 * - the browser hears the carrier's tone (1000 Hz; its own microphone plays 440 Hz);
 * - keypad digits arrive at the carrier as RFC 4733 events (§3.2: digits 0-9 are events 0-9) with the
 *   telephone-event payload type of the carrier's answer;
 * - after hanging up the call panel shows the call's length and cost (0.02 EUR/min, 60 s increments).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil } from '../support/browser/audio-stats.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { openClient, screenshot, signUp, waitForText } from '../support/browser/parley-page.js';
import { remoteToneLevels } from '../support/browser/remote-tones.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startRawCarrier, type RawCarrier, type RtpSeen } from '../support/gateway/raw-carrier.js';
import { startTestRtpengine, type TestRtpengine } from '../support/peers/rtpengine.js';
import { startTestService, type TestService } from '../support/service/test-service.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CARRIER_HZ = 1000;
const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Browser' };

let dir: string;
let rtpengine: TestRtpengine;
let carrier: RawCarrier;
let service: TestService;
let browser: TestBrowser;
let page: Page;

/** The keys of the RFC 4733 events in `packets`, one per event (§2.5.1.4: its end packet goes 3 times). */
function endedEvents(packets: readonly RtpSeen[], payloadType: number): number[] {
  const ends = new Map<number, number>();
  for (const p of packets) {
    // §2.3: event (8 bits), E bit (top bit of the next byte); the timestamp marks the event's start.
    if (p.payloadType === payloadType && p.payload.length >= 4 && (p.payload[1]! & 0x80) !== 0) {
      ends.set(p.timestamp, p.payload[0]!);
    }
  }
  return [...ends.values()];
}

beforeAll(async () => {
  ensureWebBuild();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-gw-e2e-'));
  [rtpengine, carrier, browser] = await Promise.all([
    startTestRtpengine(),
    startRawCarrier({ toneHz: CARRIER_HZ }),
    launchChromium({ steadyTone: true }),
  ]);
  const example = await fs.readFile(path.join(ROOT, 'deploy/gateway.example.json'), 'utf8');
  const gatewayFile = path.join(dir, 'gateway.json');
  await fs.writeFile(gatewayFile, example.replace('127.0.0.1:5090', `127.0.0.1:${carrier.port}`));
  service = await startTestService({
    sip: { sipUdp: { host: '127.0.0.1', port: 0 } },
    rtpengine: rtpengine.address,
    gateway: { gatewayFile, ratesFile: path.join(ROOT, 'deploy/rates.example.csv') },
  });
  page = await openClient(await browser.newContext(), service.baseUrl);
  await signUp(page, alice);
  // What only the operator may do (`npm run admin -- pstn allow alice`).
  await service.service.store.pstn.setPermission(alice.username, true, null, Date.now());
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  carrier?.close();
  await rtpengine?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('a browser user calls a phone number through the gateway', () => {
  it('the carrier gets the number and caller ID, the browser hears the carrier, digits arrive as RFC 4733 events, hold and resume reach the carrier', async () => {
    const invited = carrier.nextInvite();
    const box = page.getByRole('textbox', { name: 'Call a username' });
    await box.fill('+44 20 7946 0018');
    await page
      .getByRole('status')
      .filter({ hasText: 'Charges may apply: United Kingdom – London, €0.02/min' })
      .waitFor({ timeout: 10_000 });
    await box.press('Enter');

    const invite = await invited;
    expect(invite).toMatch(new RegExp(`^INVITE sip:\\+442079460018@127\\.0\\.0\\.1:${carrier.port}[;> ]`));
    expect(invite).toMatch(/^From:[^\r\n]*<sip:\+15550100@/im);
    expect(invite).not.toMatch(/alice/i);
    expect(invite).toMatch(/^m=audio \d+ RTP\/AVP /m);
    await waitForText(page, 'In call');

    // The carrier's tone, not the browser's own 440 Hz, is what the browser hears.
    const [carrierTone, ownTone] = await pollUntil(
      () => remoteToneLevels(page, [CARRIER_HZ, 440]),
      ([tone]) => tone! > -50,
      15_000,
      `${CARRIER_HZ} Hz from the carrier`,
    );
    expect(carrierTone).toBeGreaterThan(ownTone! + 20);

    const payloadType = carrier.telephoneEventPt();
    expect(payloadType).toBeDefined();
    await page.getByRole('button', { name: 'Keypad', exact: true }).click();
    const pad = page.getByRole('group', { name: 'Keypad' });
    for (const key of ['5', '0', '9']) await pad.getByRole('button', { name: key, exact: true }).click();
    const events = await pollUntil(
      async () => endedEvents(carrier.rtp, payloadType!),
      (keys) => keys.length >= 3,
      10_000,
      'three telephone events at the carrier',
    );
    expect(events).toEqual([5, 0, 9]);
    // The microphone's audio reached the carrier too, as PCMU.
    expect(carrier.rtp.filter((p) => p.payloadType === 0).length).toBeGreaterThan(20);

    // Hold and resume cross the gateway as re-INVITEs of the carrier's dialog (reoffer-bridge.ts); the
    // carrier answers recvonly (and stops its tone), then sendrecv (and plays again): the browser hears
    // it again through rtpengine and the trunk.
    const held = carrier.nextInvite();
    await page.getByRole('button', { name: 'Hold', exact: true }).click();
    expect(await held).toMatch(/^a=sendonly\r?$/m);
    await page.getByRole('button', { name: 'Resume', exact: true }).waitFor();
    const resumed = carrier.nextInvite();
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    expect(await resumed).toMatch(/^a=sendrecv\r?$/m);
    await page.getByRole('button', { name: 'Hold', exact: true }).waitFor();
    const heardAt = carrier.rtp.length;
    await pollUntil(
      () => remoteToneLevels(page, [CARRIER_HZ]),
      ([tone]) => tone! > -50,
      15_000,
      `${CARRIER_HZ} Hz from the carrier after resume`,
    );
    // The browser's audio flows to the carrier again too.
    await pollUntil(
      async () => carrier.rtp.length - heardAt,
      (n) => n > 20,
      10_000,
      'RTP at the carrier after resume',
    );

    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await waitForText(page, 'Call ended');
    // A few seconds billed as one 60 s increment at 0.02 EUR/min.
    await waitForText(page, /^Phone call 00:\d\d · €0\.02$/, 10_000);
    await screenshot(page, 'pstn-06-call-cost');
  });
});
