/**
 * WebHID device choice for headsets: when the page calls `navigator.hid.requestDevice`, Electron asks
 * main (`select-hid-device`) instead of showing a chooser. Parley picks a device that exposes the
 * USB-HID Telephony usage page (0x0B: hook switch, mute, ring LEDs) and nothing else — a keyboard or a
 * security key is never handed to the page.
 * USB HID Usage Tables 1.4, §14 "Telephony Device Page".
 */

export const HID_TELEPHONY_USAGE_PAGE = 0x0b;

export interface HidDeviceInfo {
  readonly deviceId: string;
  readonly collections?: ReadonlyArray<{ readonly usagePage: number }>;
}

export function pickTelephonyDevice(devices: readonly HidDeviceInfo[]): string | null {
  const found = devices.find((d) =>
    (d.collections ?? []).some((c) => c.usagePage === HID_TELEPHONY_USAGE_PAGE),
  );
  return found ? found.deviceId : null;
}
