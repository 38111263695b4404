/**
 * The parts of WebHID (https://wicg.github.io/webhid/) the driver reads, typed here so the pure machine
 * and its tests need neither the DOM nor `@types/w3c-web-hid`. The browser's objects fit these shapes.
 */
export interface HidReportItemInfo {
  readonly usages?: readonly number[];
  readonly usageMinimum?: number;
  readonly usageMaximum?: number;
  readonly isRange?: boolean;
  readonly reportSize?: number;
  readonly reportCount?: number;
  readonly isAbsolute?: boolean;
  readonly isArray?: boolean;
  readonly isConstant?: boolean;
  readonly logicalMinimum?: number;
  readonly logicalMaximum?: number;
}

export interface HidReportInfoShape {
  readonly reportId?: number;
  readonly items?: readonly HidReportItemInfo[];
}

export interface HidCollectionShape {
  readonly usagePage?: number;
  readonly usage?: number;
  readonly type?: number;
  readonly children?: readonly HidCollectionShape[];
  readonly inputReports?: readonly HidReportInfoShape[];
  readonly outputReports?: readonly HidReportInfoShape[];
  readonly featureReports?: readonly HidReportInfoShape[];
}

/** One output report to send: `device.sendReport(reportId, data)` (reportId 0 = the device has no IDs). */
export interface OutputReport {
  readonly reportId: number;
  readonly data: Uint8Array<ArrayBuffer>;
}
