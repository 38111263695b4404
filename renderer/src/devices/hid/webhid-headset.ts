/**
 * The thin WebHID adapter around `HeadsetMachine`: asks for a telephony headset, opens it, decodes its
 * input reports for the machine, sends the machine's output reports in order, and follows hot-plug
 * (`navigator.hid` `connect` / `disconnect`): a headset that was unplugged and is plugged back (already
 * granted) is opened again without asking, and gets its LEDs back.
 * WebHID: https://wicg.github.io/webhid/ (requestDevice, getDevices, sendReport, inputreport).
 */
import { t } from '../../i18n/i18n.js';
import type { Logger } from '../../../../common/logger.js';
import { silentLogger } from '../../../../common/logger.js';
import type { HeadsetAction, HeadsetCallState, HeadsetStep } from './headset-machine.js';
import { HeadsetMachine } from './headset-machine.js';
import type { HidCollectionShape } from './hid-types.js';
import { TELEPHONY_PAGE } from './hid-usages.js';
import { decodeInputReport, isTelephonyHeadset, readTelephonyLayout } from './telephony-layout.js';

/** The parts of `HIDDevice` used here. */
export interface HidDeviceLike {
  readonly opened: boolean;
  readonly productName: string;
  readonly vendorId: number;
  readonly productId: number;
  readonly collections: readonly HidCollectionShape[];
  open(): Promise<void>;
  close(): Promise<void>;
  sendReport(reportId: number, data: Uint8Array<ArrayBuffer>): Promise<void>;
  addEventListener(type: 'inputreport', listener: (event: HidInputEventLike) => void): void;
  removeEventListener(type: 'inputreport', listener: (event: HidInputEventLike) => void): void;
}

export interface HidInputEventLike {
  readonly reportId: number;
  readonly data: DataView;
}

/** The parts of `navigator.hid` used here. */
export interface HidLike {
  getDevices(): Promise<HidDeviceLike[]>;
  requestDevice(options: { filters: { usagePage?: number }[] }): Promise<HidDeviceLike[]>;
  addEventListener(
    type: 'connect' | 'disconnect',
    listener: (event: { device: HidDeviceLike }) => void,
  ): void;
  removeEventListener(
    type: 'connect' | 'disconnect',
    listener: (event: { device: HidDeviceLike }) => void,
  ): void;
}

export type HeadsetStatus =
  | { readonly state: 'unsupported' }
  | { readonly state: 'none' }
  | { readonly state: 'connected'; readonly name: string }
  | { readonly state: 'unplugged'; readonly name: string }
  | { readonly state: 'failed'; readonly error: string };

export interface WebHidHeadsetOptions {
  /** `navigator.hid`, or undefined where WebHID is missing. */
  readonly hid: HidLike | undefined;
  /** What the headset's buttons ask of the app. */
  readonly onAction: (action: HeadsetAction) => void;
  readonly logger?: Logger;
  /** Called right after each input report is decoded (benchmarks measure from here). */
  readonly onInputReport?: (reportId: number) => void;
}

export interface WebHidHeadset {
  subscribe(listener: () => void): () => void;
  getStatus(): HeadsetStatus;
  /** Opens an already granted headset (at start-up). */
  start(): Promise<void>;
  /** Asks the user for a headset (needs a user gesture in a browser; the desktop shell picks itself). */
  connect(): Promise<void>;
  /** The app's call state, for the LEDs and the ringer. */
  setCall(call: HeadsetCallState, muted: boolean): void;
  dispose(): Promise<void>;
}

const TELEPHONY_FILTER = { filters: [{ usagePage: TELEPHONY_PAGE }] };

export function createWebHidHeadset(options: WebHidHeadsetOptions): WebHidHeadset {
  const logger = options.logger ?? silentLogger;
  const hid = options.hid;
  const listeners = new Set<() => void>();
  let status: HeadsetStatus = hid ? { state: 'none' } : { state: 'unsupported' };
  let current:
    { device: HidDeviceLike; machine: HeadsetMachine; onInput: (e: HidInputEventLike) => void } | undefined;
  let call: { call: HeadsetCallState; muted: boolean } = { call: 'idle', muted: false };
  /** Identity of the last headset, to pick it up again when it comes back. */
  let remembered: { vendorId: number; productId: number } | undefined;
  let sending: Promise<void> = Promise.resolve();

  const setStatus = (next: HeadsetStatus): void => {
    status = next;
    for (const listener of [...listeners]) listener();
  };

  const send = (device: HidDeviceLike, step: HeadsetStep): void => {
    for (const report of step.reports) {
      // In order, one after the other (off-hook before mute matters to some headsets).
      sending = sending
        .then(() => device.sendReport(report.reportId, report.data))
        .catch((error: unknown) =>
          logger.warn({ tnx: 'hid-send', error: String(error) }, 'output report failed'),
        );
    }
  };

  const run = (step: HeadsetStep): void => {
    if (current) send(current.device, step);
    for (const action of step.actions) {
      try {
        options.onAction(action);
      } catch (error) {
        logger.warn({ tnx: 'hid-action', error: String(error) }, 'headset action failed');
      }
    }
  };

  async function open(device: HidDeviceLike): Promise<boolean> {
    const layout = readTelephonyLayout(device.collections);
    if (!isTelephonyHeadset(layout)) return false;
    await close();
    try {
      if (!device.opened) await device.open();
    } catch (error) {
      setStatus({
        state: 'failed',
        error: t('headset.cannotOpen', { name: device.productName, error: String(error) }),
      });
      return false;
    }
    const machine = new HeadsetMachine(layout);
    const onInput = (event: HidInputEventLike): void => {
      const data = new Uint8Array(event.data.buffer, event.data.byteOffset, event.data.byteLength);
      // reportId 0 is a real report: the device has no report IDs.
      const values = decodeInputReport(layout, event.reportId, data);
      options.onInputReport?.(event.reportId);
      if (values.length > 0) run(machine.onInput(values));
    };
    device.addEventListener('inputreport', onInput);
    current = { device, machine, onInput };
    remembered = { vendorId: device.vendorId, productId: device.productId };
    // A fresh machine has sent nothing yet: this lights every LED as the call stands (also after a re-plug).
    send(device, machine.setCall(call.call, call.muted));
    logger.info({ tnx: 'hid-open', name: device.productName }, 'headset connected');
    setStatus({ state: 'connected', name: device.productName });
    return true;
  }

  async function close(): Promise<void> {
    const open = current;
    current = undefined;
    if (!open) return;
    open.device.removeEventListener('inputreport', open.onInput);
    await open.device.close().catch(() => undefined);
  }

  const onConnect = (event: { device: HidDeviceLike }): void => {
    const device = event.device;
    if (current) return;
    const same =
      remembered && device.vendorId === remembered.vendorId && device.productId === remembered.productId;
    // A granted headset plugged in (again): take it without asking.
    if (same || status.state === 'none') void open(device);
  };

  const onDisconnect = (event: { device: HidDeviceLike }): void => {
    if (current?.device !== event.device) return;
    const name = current.device.productName;
    current.device.removeEventListener('inputreport', current.onInput);
    current = undefined;
    logger.info({ tnx: 'hid-unplugged', name }, 'headset unplugged');
    setStatus({ state: 'unplugged', name });
  };

  hid?.addEventListener('connect', onConnect);
  hid?.addEventListener('disconnect', onDisconnect);

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getStatus: () => status,
    async start() {
      if (!hid) return;
      const devices = await hid.getDevices().catch(() => []);
      for (const device of devices) if (await open(device)) return;
    },
    async connect() {
      if (!hid) return;
      let devices: HidDeviceLike[];
      try {
        devices = await hid.requestDevice(TELEPHONY_FILTER);
      } catch (error) {
        setStatus({ state: 'failed', error: String(error) });
        return;
      }
      for (const device of devices) if (await open(device)) return;
      if (!current) setStatus({ state: 'none' });
    },
    setCall(next, muted) {
      if (next === call.call && muted === call.muted) return;
      call = { call: next, muted };
      if (current) send(current.device, current.machine.setCall(next, muted));
    },
    async dispose() {
      hid?.removeEventListener('connect', onConnect);
      hid?.removeEventListener('disconnect', onDisconnect);
      await close();
      listeners.clear();
    },
  };
}
