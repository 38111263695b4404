/**
 * The desktop shell's WebHID chooser for headsets, installed on an Electron session passed in (so unit
 * tests give a recording fake):
 * - `select-hid-device`: no chooser window. Main picks a device exposing the Telephony usage page itself
 *   (`pickTelephonyDevice`), preferring one granted before, and remembers the grant (vendor, product,
 *   serial number) in a file of the app's data folder.
 * - `setDevicePermissionHandler`: our origin keeps access to granted headsets only — so a headset that is
 *   unplugged and plugged back, or found at the next start (`navigator.hid.getDevices()`), is usable
 *   without asking, and no other HID device (keyboard, security key) is ever visible to the page.
 * Electron: `Session` events `select-hid-device`, `setDevicePermissionHandler` (https://www.electronjs.org/docs/latest/api/session).
 */
import { HID_TELEPHONY_USAGE_PAGE, type HidDeviceInfo } from './hid-selection.js';
import { isOwnOrigin } from './permission-policy.js';

export interface HidGrant {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string;
}

/** A HID device as Electron describes it (subset of `HIDDevice`). */
export interface ElectronHidDevice extends HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string;
  readonly name?: string;
}

/** The parts of Electron's `Session` used here. */
export interface HidSessionLike {
  on(
    event: 'select-hid-device',
    listener: (
      event: { preventDefault(): void },
      details: { deviceList: ElectronHidDevice[]; frame?: { url?: string } | null },
      callback: (deviceId?: string | null) => void,
    ) => void,
  ): unknown;
  setDevicePermissionHandler(
    handler: (details: { deviceType: string; origin: string; device?: unknown }) => boolean,
  ): void;
}

export interface HidGrantStore {
  load(): readonly HidGrant[];
  save(grants: readonly HidGrant[]): void;
}

export function sameDevice(grant: HidGrant, device: ElectronHidDevice): boolean {
  return (
    grant.vendorId === device.vendorId &&
    grant.productId === device.productId &&
    (grant.serialNumber ?? '') === (device.serialNumber ?? '')
  );
}

const isTelephony = (device: ElectronHidDevice): boolean =>
  (device.collections ?? []).some((c) => c.usagePage === HID_TELEPHONY_USAGE_PAGE);

/** Installs the chooser and the permission handler for pages of `origin`. */
export function installHidChooser(session: HidSessionLike, origin: string, store: HidGrantStore): void {
  let grants = [...store.load()];

  session.on('select-hid-device', (event, details, callback) => {
    event.preventDefault();
    if (!isOwnOrigin(details.frame?.url ?? undefined, origin)) return callback(null);
    const headsets = details.deviceList.filter(isTelephony);
    const chosen = headsets.find((d) => grants.some((g) => sameDevice(g, d))) ?? headsets[0];
    if (!chosen) return callback(null);
    if (!grants.some((g) => sameDevice(g, chosen))) {
      grants = [
        ...grants,
        {
          vendorId: chosen.vendorId,
          productId: chosen.productId,
          ...(chosen.serialNumber ? { serialNumber: chosen.serialNumber } : {}),
        },
      ];
      store.save(grants);
    }
    callback(chosen.deviceId);
  });

  session.setDevicePermissionHandler((details) => {
    if (details.deviceType !== 'hid' || !isOwnOrigin(details.origin, origin)) return false;
    const device = details.device as ElectronHidDevice | undefined;
    return device !== undefined && grants.some((g) => sameDevice(g, device));
  });
}

/** Reads grants saved as JSON (anything malformed is dropped). */
export function parseGrants(value: unknown): HidGrant[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const g = item as Partial<HidGrant> | null;
    if (!g || typeof g.vendorId !== 'number' || typeof g.productId !== 'number') return [];
    return [
      {
        vendorId: g.vendorId,
        productId: g.productId,
        ...(typeof g.serialNumber === 'string' ? { serialNumber: g.serialNumber } : {}),
      },
    ];
  });
}
