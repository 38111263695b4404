/**
 * A fake `navigator.hid` for end-to-end tests (never shipped): one already-granted headset whose
 * `collections` come from a real report descriptor (tests/fixtures/hid/), parsed in Node as Chromium
 * would. The page records every output report the app sends (`window.__hid.sent`, with the time) and
 * the test plays input reports (`window.__hid.input(reportId, bytes)`), unplugs and plugs the headset.
 * Also records when each SIP message leaves the page's WebSocket (`window.__sipSent`), so a test can
 * time "hook switch → 200 OK".
 */
import type { Page } from 'playwright-core';
import { loadHeadsetFixture } from '../hid/report-descriptor.js';

export interface SentReport {
  readonly reportId: number;
  readonly data: number[];
  readonly at: number;
}

/** The init script for a context: installs the fake headset described by `fixtureFile`. */
export function fakeHidScript(fixtureFile: string): string {
  const fixture = loadHeadsetFixture(fixtureFile);
  const device = {
    productName: fixture.name.split(',')[0],
    vendorId: fixture.vendorId,
    productId: fixture.productId,
    collections: fixture.collections,
  };
  return `
  (() => {
    const info = ${JSON.stringify(device)};
    const sent = [];
    const hidListeners = { connect: new Set(), disconnect: new Set() };
    const inputListeners = new Set();
    const device = {
      ...info,
      opened: false,
      async open() { this.opened = true; },
      async close() { this.opened = false; },
      async sendReport(reportId, data) {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        sent.push({ reportId, data: Array.from(bytes), at: performance.now() });
      },
      addEventListener(type, fn) { if (type === 'inputreport') inputListeners.add(fn); },
      removeEventListener(type, fn) { if (type === 'inputreport') inputListeners.delete(fn); },
    };
    let plugged = true;
    const hid = {
      async getDevices() { return plugged ? [device] : []; },
      async requestDevice() { return plugged ? [device] : []; },
      addEventListener(type, fn) { hidListeners[type]?.add(fn); },
      removeEventListener(type, fn) { hidListeners[type]?.delete(fn); },
    };
    Object.defineProperty(navigator, 'hid', { value: hid, configurable: true });
    window.__hid = {
      sent,
      input(reportId, bytes) {
        const at = performance.now();
        const data = new DataView(new Uint8Array(bytes).buffer);
        for (const fn of [...inputListeners]) fn({ reportId, data, device });
        return at;
      },
      unplug() { plugged = false; device.opened = false; for (const fn of hidListeners.disconnect) fn({ device }); },
      plug() { plugged = true; for (const fn of hidListeners.connect) fn({ device }); },
    };
    window.__sipSent = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      if (typeof data === 'string') window.__sipSent.push({ line: data.slice(0, data.indexOf('\\r\\n')), cseq: (/\\r\\nCSeq: *([^\\r]*)/i.exec(data) || [])[1] || '', at: performance.now() });
      return send.call(this, data);
    };
  })();
  `;
}

/** Output reports sent so far. */
export function sentReports(page: Page): Promise<SentReport[]> {
  return page.evaluate(() => (window as unknown as { __hid: { sent: SentReport[] } }).__hid.sent.slice());
}

/** Plays one input report; returns the page time it was delivered at. */
export function hidInput(page: Page, reportId: number, bytes: number[]): Promise<number> {
  return page.evaluate(
    ([id, data]) =>
      (window as unknown as { __hid: { input(id: number, data: number[]): number } }).__hid.input(id, data),
    [reportId, bytes] as const,
  );
}

/** Page time the first SIP message matching `line` / `cseq` left after `after`, or undefined. */
export function sipSentAfter(
  page: Page,
  line: string,
  cseq: string,
  after: number,
): Promise<number | undefined> {
  return page.evaluate(
    ([l, c, t]) =>
      (window as unknown as { __sipSent: { line: string; cseq: string; at: number }[] }).__sipSent.find(
        (m) => m.at >= t && m.line.startsWith(l) && m.cseq.includes(c),
      )?.at,
    [line, cseq, after] as const,
  );
}
