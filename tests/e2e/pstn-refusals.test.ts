/**
 * Phone numbers in the dial box (issue 11), in Chromium against the real service with a gateway file
 * whose one trunk is a real UDP socket of this test: the price shown for "+44 20 7946 0018", and the
 * four refusals (no permission, premium number, phone calls in progress, daily limit), each with its
 * reason in the UI and the Call button disabled — and not one packet at the "carrier".
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Authorized } from '../../server/src/gateway/gateway-policy.js';
import { launchChromium, type TestBrowser } from '../support/browser/chromium.js';
import { openClient, screenshot, signUp } from '../support/browser/parley-page.js';
import { ensureWebBuild } from '../support/browser/web-build.js';
import { startTestService, type TestService } from '../support/service/test-service.js';
import { EXAMPLE_RATES_FILE, writeExampleGatewayFile } from '../support/gateway/example-gateway.js';

const alice = { username: 'alice', password: 'alice-secret-1', displayName: 'Alice Example' };

let carrier: dgram.Socket;
const carrierPackets: Buffer[] = [];
let dir: string;
let service: TestService;
let browser: TestBrowser;
let page: Page;

/** Types a number into the dial box (from empty, as a person would) and waits for the line under it. */
async function enter(number: string, expected: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Call a username' });
  await box.fill('');
  await box.fill(number);
  await page.getByRole('status').filter({ hasText: expected }).waitFor({ timeout: 10_000 });
  expect(await box.getAttribute('aria-describedby')).toBe('dial-quote');
}

const callButton = () => page.getByRole('button', { name: 'Call', exact: true });

/** Refused: the reason is on screen, Call is disabled, and Enter places no call. */
async function expectRefused(number: string, reason: string): Promise<void> {
  await enter(number, reason);
  expect(await callButton().isDisabled()).toBe(true);
  await page.getByRole('textbox', { name: 'Call a username' }).press('Enter');
  expect(await page.getByText('Calling…').count()).toBe(0);
}

beforeAll(async () => {
  ensureWebBuild();
  carrier = dgram.createSocket('udp4');
  carrier.on('message', (packet) => carrierPackets.push(packet));
  await new Promise<void>((resolve) => carrier.bind(0, '127.0.0.1', resolve));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-pstn-e2e-'));
  const gatewayFile = await writeExampleGatewayFile(dir, carrier.address().port, { maxCallsPerUser: 1 });
  service = await startTestService({
    gateway: { gatewayFile, ratesFile: EXAMPLE_RATES_FILE },
  });
  browser = await launchChromium();
  page = await openClient(await browser.newContext(), service.baseUrl);
  await signUp(page, alice);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  carrier?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('phone numbers in the dial box', () => {
  it('refuses without permission (off by default)', async () => {
    await expectRefused('+44 20 7946 0018', 'You have no permission to call phones');
    await screenshot(page, 'pstn-01-no-permission');
  });

  it('shows the destination and price once the operator allows (a calm pending line meanwhile)', async () => {
    await service.service.store.pstn.setPermission('alice', true, null, Date.now());
    // Hold the quote's answer until the pending state has been seen (a number not asked before).
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered: Promise<void> = Promise.resolve();
    await page.route('**/api/pstn/quote*', (route) => {
      answered = held.then(() => route.continue());
      return answered;
    });
    try {
      const box = page.getByRole('textbox', { name: 'Call a username' });
      await box.fill('');
      await box.fill('+44 20 7946 0019');
      await page.getByRole('status').filter({ hasText: 'Checking the price…' }).waitFor();
      expect(await callButton().isDisabled()).toBe(true);
      await screenshot(page, 'pstn-02-pending');
    } finally {
      release();
      await answered;
      await page.unroute('**/api/pstn/quote*');
    }
    await enter('+44 20 7946 0018', 'Charges may apply: United Kingdom – London, €0.02/min');
    expect(await callButton().isEnabled()).toBe(true);
    await screenshot(page, 'pstn-03-quote');
  });

  it('refuses a premium-rate number', async () => {
    await expectRefused('+1 900 555 0123', 'Premium-rate numbers are blocked');
    await screenshot(page, 'pstn-04-premium');
  });

  it('refuses while the user already has as many phone calls as allowed', async () => {
    // A phone call in progress on another of alice's devices holds her one slot.
    const other = await service.service.gateway!.authorizeOutbound('alice', '+442079460099', 'other-device');
    expect(other.allowed).toBe(true);
    await expectRefused('+44 20 7946 0018', 'You already have 1 phone call in progress');
    await (other as Authorized).finish({ endedAt: new Date(), cause: 'cancelled' });
  });

  it('refuses once the daily limit is spent', async () => {
    const now = Date.now();
    await service.service.store.pstn.setPermission('alice', true, 5_000_000, now);
    await service.service.store.pstn.insertCall({
      callId: 'earlier-today',
      username: 'alice',
      e164: '+442079460018',
      destination: 'United Kingdom – London',
      trunk: 'carrier',
      startedAt: now - 1000,
      answeredAt: now - 1000,
      endedAt: now,
      billedSeconds: 15_000,
      costMicros: 5_000_000,
      currency: 'EUR',
      cause: 'normal',
    });
    await expectRefused('020 7946 0018', 'Type the whole number');
    await expectRefused('+44 20 7946 0018', 'Daily limit of 5.00 EUR reached');
    await screenshot(page, 'pstn-05-daily-limit');
  });

  it('sent nothing to the carrier', () => {
    expect(carrierPackets).toEqual([]);
  });
});
