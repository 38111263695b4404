/**
 * Where a headset keeps each telephony control: from WebHID's `device.collections` (the parsed report
 * descriptor) to, per usage, the report ID, bit offset and size, and whether the control is absolute
 * (the bit IS the state) or relative (a 1 means "pressed / toggle"). HID 1.11 §6.2.2.5 (Input, Output
 * items and their Absolute/Relative, Variable/Array flags), §8.1 (report IDs: none = report 0).
 *
 * Pure functions: read a layout, decode an input report, encode output reports.
 */
import type { HidCollectionShape, HidReportInfoShape, HidReportItemInfo, OutputReport } from './hid-types.js';
import { LED_PAGE, TELEPHONY_PAGE, Usage, usagePageOf } from './hid-usages.js';

/** One variable (bit-field) control in a report. */
export interface UsageField {
  readonly reportId: number;
  readonly bitOffset: number;
  readonly bitSize: number;
  readonly isAbsolute: boolean;
}

/** An array field: its values name the usages that are on (HID 1.11 §6.2.2.5 "Array"). */
export interface ArrayField {
  readonly reportId: number;
  readonly bitOffset: number;
  readonly bitSize: number;
  readonly count: number;
  readonly logicalMinimum: number;
  /** Usage for value `logicalMinimum + i`. */
  readonly usages: readonly number[];
  readonly isAbsolute: boolean;
}

export interface TelephonyLayout {
  /** Input controls by usage; a usage may sit in several reports (some headsets send mute on two IDs). */
  readonly inputs: ReadonlyMap<number, readonly UsageField[]>;
  readonly inputArrays: readonly ArrayField[];
  /** Output controls (LEDs, ringer) by usage: the first place each is found. */
  readonly outputs: ReadonlyMap<number, UsageField>;
  /** Byte length of each output report that carries one of our usages (without the report ID byte). */
  readonly outputLengths: ReadonlyMap<number, number>;
}

const INTERESTING_PAGES = new Set([TELEPHONY_PAGE, LED_PAGE]);

function itemUsages(item: HidReportItemInfo): number[] {
  if (item.isRange && item.usageMinimum !== undefined && item.usageMaximum !== undefined) {
    const list: number[] = [];
    for (let u = item.usageMinimum; u <= item.usageMaximum && list.length < 256; u++) list.push(u >>> 0);
    return list;
  }
  return (item.usages ?? []).map((u) => u >>> 0);
}

interface Walked {
  readonly fields: { usage: number; field: UsageField }[];
  readonly arrays: ArrayField[];
  readonly lengths: Map<number, number>;
}

/** Walks the items of each report, accumulating bit offsets (the report ID byte is not counted). */
function walk(reports: readonly HidReportInfoShape[]): Walked {
  const fields: { usage: number; field: UsageField }[] = [];
  const arrays: ArrayField[] = [];
  const lengths = new Map<number, number>();
  for (const report of reports) {
    const reportId = report.reportId ?? 0;
    let offset = 0;
    for (const item of report.items ?? []) {
      const size = item.reportSize ?? 0;
      const count = item.reportCount ?? 0;
      // Constant items count too when they name usages: Jabra flags its telephony buttons Constant
      // (the Link 380c's hook switch is Input 0x23, its mute Input 0x07) and WebHID passes that on as
      // isConstant. Padding names no usages, so it still only moves the offset.
      const usages = itemUsages(item);
      const isAbsolute = item.isAbsolute !== false;
      if (item.isArray && usages.length > 0) {
        arrays.push({
          reportId,
          bitOffset: offset,
          bitSize: size,
          count,
          logicalMinimum: item.logicalMinimum ?? 0,
          usages,
          isAbsolute,
        });
      } else {
        // A variable item: field i has usage i; when fewer usages than fields, the last one repeats
        // (HID 1.11 §6.2.2.8) — we keep only the first place of a usage.
        for (let i = 0; i < Math.min(count, usages.length); i++) {
          const usage = usages[i]!;
          fields.push({
            usage,
            field: { reportId, bitOffset: offset + i * size, bitSize: size, isAbsolute },
          });
        }
      }
      offset += size * count;
    }
    lengths.set(reportId, Math.max(lengths.get(reportId) ?? 0, Math.ceil(offset / 8)));
  }
  return { fields, arrays, lengths };
}

function flatten(collections: readonly HidCollectionShape[]): HidCollectionShape[] {
  return collections.flatMap((c) => [c, ...flatten(c.children ?? [])]);
}

/** Reads the telephony layout of a device's collections (all of them: some headsets nest theirs). */
export function readTelephonyLayout(collections: readonly HidCollectionShape[]): TelephonyLayout {
  const all = flatten(collections);
  const input = walk(all.flatMap((c) => c.inputReports ?? []));
  const output = walk(all.flatMap((c) => c.outputReports ?? []));

  const inputs = new Map<number, UsageField[]>();
  for (const { usage, field } of input.fields) {
    if (!INTERESTING_PAGES.has(usagePageOf(usage))) continue;
    const list = inputs.get(usage) ?? [];
    if (!list.some((f) => f.reportId === field.reportId && f.bitOffset === field.bitOffset)) list.push(field);
    inputs.set(usage, list);
  }
  const inputArrays = input.arrays.filter((a) => a.usages.some((u) => INTERESTING_PAGES.has(usagePageOf(u))));

  const outputs = new Map<number, UsageField>();
  const outputLengths = new Map<number, number>();
  for (const { usage, field } of output.fields) {
    if (!INTERESTING_PAGES.has(usagePageOf(usage)) || outputs.has(usage)) continue;
    outputs.set(usage, field);
    outputLengths.set(field.reportId, output.lengths.get(field.reportId) ?? 1);
  }
  return { inputs, inputArrays, outputs, outputLengths };
}

/** Whether the device has any telephony control we can use (hook switch, flash, drop or mute). */
export function isTelephonyHeadset(layout: TelephonyLayout): boolean {
  const controls = [Usage.hookSwitch, Usage.flash, Usage.drop, Usage.phoneMute];
  return (
    controls.some((u) => layout.inputs.has(u)) ||
    layout.inputArrays.some((a) => a.usages.some((u) => controls.includes(u)))
  );
}

function readBits(data: Uint8Array, bitOffset: number, bitSize: number): number {
  let value = 0;
  for (let i = 0; i < bitSize; i++) {
    const bit = bitOffset + i;
    const byte = data[bit >> 3];
    if (byte === undefined) return value;
    if ((byte >> (bit & 7)) & 1) value |= 1 << i;
  }
  return value >>> 0;
}

function writeBits(data: Uint8Array, bitOffset: number, bitSize: number, value: number): void {
  for (let i = 0; i < bitSize; i++) {
    const bit = bitOffset + i;
    const index = bit >> 3;
    if (index >= data.length) return;
    const mask = 1 << (bit & 7);
    data[index] = (value >> i) & 1 ? data[index]! | mask : data[index]! & ~mask;
  }
}

/** One decoded control of an input report. */
export interface InputValue {
  readonly usage: number;
  readonly value: number;
  readonly isAbsolute: boolean;
}

/**
 * Decodes the telephony controls present in one input report. `data` excludes the report ID byte (as
 * WebHID's `inputreport` event gives it); `reportId` is 0 for devices without report IDs.
 */
export function decodeInputReport(layout: TelephonyLayout, reportId: number, data: Uint8Array): InputValue[] {
  const values: InputValue[] = [];
  for (const [usage, fields] of layout.inputs) {
    for (const field of fields) {
      if (field.reportId !== reportId) continue;
      values.push({
        usage,
        value: readBits(data, field.bitOffset, field.bitSize),
        isAbsolute: field.isAbsolute,
      });
    }
  }
  for (const array of layout.inputArrays) {
    if (array.reportId !== reportId) continue;
    const on = new Set<number>();
    for (let i = 0; i < array.count; i++) {
      const index = readBits(data, array.bitOffset + i * array.bitSize, array.bitSize) - array.logicalMinimum;
      const usage = array.usages[index];
      if (usage !== undefined) on.add(usage);
    }
    // An array lists only what is pressed: every usage it could name is 0 unless listed.
    for (const usage of array.usages) {
      if (INTERESTING_PAGES.has(usagePageOf(usage)))
        values.push({ usage, value: on.has(usage) ? 1 : 0, isAbsolute: array.isAbsolute });
    }
  }
  return values;
}

/**
 * Encodes the given output usages (LEDs, ringer; 1 = on) into the reports that carry them, one report per
 * report ID, every other bit of those reports left 0. Usages the device lacks are skipped.
 */
export function encodeOutputReports(
  layout: TelephonyLayout,
  values: ReadonlyMap<number, number>,
): OutputReport[] {
  const reports = new Map<number, Uint8Array<ArrayBuffer>>();
  for (const [usage, value] of values) {
    const field = layout.outputs.get(usage);
    if (!field) continue;
    let data = reports.get(field.reportId);
    if (!data) {
      data = new Uint8Array(layout.outputLengths.get(field.reportId) ?? 1);
      reports.set(field.reportId, data);
    }
    writeBits(data, field.bitOffset, field.bitSize, value);
  }
  return [...reports].map(([reportId, data]) => ({ reportId, data }));
}
