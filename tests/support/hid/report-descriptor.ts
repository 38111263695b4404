/**
 * A HID report descriptor parser for tests (HID 1.11 §6.2.2): turns the raw bytes of a real headset's
 * descriptor into the `collections` shape WebHID gives a page (`HIDCollectionInfo` with `inputReports`
 * / `outputReports` of `HIDReportItem`s), so the driver is tested on what Chromium would hand it.
 * Short items only (long items, 0xFE, are skipped, as no headset uses them).
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  HidCollectionShape,
  HidReportInfoShape,
  HidReportItemInfo,
} from '../../../renderer/src/devices/hid/hid-types.js';

interface MutableReport {
  reportId: number;
  items: HidReportItemInfo[];
}

interface MutableCollection {
  usagePage: number;
  usage: number;
  type: number;
  children: MutableCollection[];
  inputReports: MutableReport[];
  outputReports: MutableReport[];
  featureReports: MutableReport[];
}

interface Globals {
  usagePage: number;
  logicalMinimum: number;
  logicalMaximum: number;
  reportSize: number;
  reportCount: number;
  reportId: number;
}

function unsigned(bytes: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value |= bytes[at + i]! << (8 * i);
  return value >>> 0;
}

function signed(bytes: Uint8Array, at: number, size: number): number {
  const value = unsigned(bytes, at, size);
  const bits = size * 8;
  return size > 0 && value & (1 << (bits - 1)) ? value - 2 ** bits : value;
}

/** Parses descriptor bytes into top-level collections, as `HIDDevice.collections`. */
export function parseReportDescriptor(bytes: Uint8Array): HidCollectionShape[] {
  const top: MutableCollection[] = [];
  const stack: MutableCollection[] = [];
  let globals: Globals = {
    usagePage: 0,
    logicalMinimum: 0,
    logicalMaximum: 0,
    reportSize: 0,
    reportCount: 0,
    reportId: 0,
  };
  const pushed: Globals[] = [];
  let usages: number[] = [];
  let usageMinimum: number | undefined;
  let usageMaximum: number | undefined;
  const clearLocals = (): void => {
    usages = [];
    usageMinimum = undefined;
    usageMaximum = undefined;
  };
  const full = (value: number, size: number): number =>
    size === 4 ? value >>> 0 : ((globals.usagePage << 16) | value) >>> 0;

  const addItem = (kind: 'inputReports' | 'outputReports' | 'featureReports', flags: number): void => {
    const collection = stack[stack.length - 1];
    if (!collection) return;
    let report = collection[kind].find((r) => r.reportId === globals.reportId);
    if (!report) {
      report = { reportId: globals.reportId, items: [] };
      collection[kind].push(report);
    }
    const isRange = usages.length === 0 && usageMinimum !== undefined && usageMaximum !== undefined;
    report.items.push({
      usages: [...usages],
      ...(isRange ? { usageMinimum, usageMaximum } : {}),
      isRange,
      isConstant: (flags & 1) !== 0,
      isArray: (flags & 2) === 0,
      isAbsolute: (flags & 4) === 0,
      reportSize: globals.reportSize,
      reportCount: globals.reportCount,
      logicalMinimum: globals.logicalMinimum,
      logicalMaximum: globals.logicalMaximum,
    });
  };

  for (let i = 0; i < bytes.length;) {
    const prefix = bytes[i]!;
    if (prefix === 0xfe) {
      i += 3 + (bytes[i + 1] ?? 0); // long item
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 3]!;
    const type = (prefix >> 2) & 3;
    const tag = prefix >> 4;
    const at = i + 1;
    const data = unsigned(bytes, at, size);
    i = at + size;
    if (type === 0) {
      if (tag === 0x8) addItem('inputReports', data);
      else if (tag === 0x9) addItem('outputReports', data);
      else if (tag === 0xb) addItem('featureReports', data);
      else if (tag === 0xa) {
        const collection: MutableCollection = {
          usagePage: (usages[0] ?? 0) >>> 16,
          usage: (usages[0] ?? 0) & 0xffff,
          type: data,
          children: [],
          inputReports: [],
          outputReports: [],
          featureReports: [],
        };
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(collection);
        else top.push(collection);
        stack.push(collection);
      } else if (tag === 0xc) stack.pop();
      clearLocals();
    } else if (type === 1) {
      if (tag === 0) globals.usagePage = data;
      else if (tag === 1) globals.logicalMinimum = signed(bytes, at, size);
      else if (tag === 2) globals.logicalMaximum = signed(bytes, at, size);
      else if (tag === 7) globals.reportSize = data;
      else if (tag === 8) globals.reportId = data;
      else if (tag === 9) globals.reportCount = data;
      else if (tag === 10) pushed.push({ ...globals });
      else if (tag === 11) globals = pushed.pop() ?? globals;
    } else if (type === 2) {
      if (tag === 0) usages.push(full(data, size));
      else if (tag === 1) usageMinimum = full(data, size);
      else if (tag === 2) usageMaximum = full(data, size);
    }
  }
  return top.map(freeze);
}

function freeze(c: MutableCollection): HidCollectionShape {
  const reports = (list: MutableReport[]): HidReportInfoShape[] =>
    list.map((r) => ({ reportId: r.reportId, items: r.items }));
  return {
    usagePage: c.usagePage,
    usage: c.usage,
    type: c.type,
    children: c.children.map(freeze),
    inputReports: reports(c.inputReports),
    outputReports: reports(c.outputReports),
    featureReports: reports(c.featureReports),
  };
}

/** A recorded headset: its descriptor and where it was published. */
export interface HeadsetFixture {
  readonly name: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly source: string;
  readonly notes?: string;
  /** The report descriptor as hex bytes ("05 0B 09 05 …"). */
  readonly descriptor: string;
}

export const FIXTURES_DIR = path.resolve('tests/fixtures/hid');

export function loadHeadsetFixture(file: string): HeadsetFixture & { collections: HidCollectionShape[] } {
  const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8')) as HeadsetFixture;
  const bytes = Uint8Array.from(fixture.descriptor.trim().split(/\s+/), (h) => Number.parseInt(h, 16));
  return { ...fixture, collections: parseReportDescriptor(bytes) };
}
