/**
 * The desktop shell's HID chooser with the Electron session passed in (a recording fake): it picks the
 * telephony headset itself, never another HID device or a foreign page's request, remembers the grant,
 * and the device permission handler lets our page keep (only) the granted headset.
 */
import { describe, expect, it } from 'vitest';
import {
  installHidChooser,
  parseGrants,
  type ElectronHidDevice,
  type HidGrant,
  type HidSessionLike,
} from '../../../../../electron/src/main/security/hid-chooser.js';

const OWN = 'http://127.0.0.1:8080';

const keyboard: ElectronHidDevice = {
  deviceId: 'kbd',
  vendorId: 0x046d,
  productId: 0xc31c,
  collections: [{ usagePage: 0x01 }],
};
const headset: ElectronHidDevice = {
  deviceId: 'hs-1',
  vendorId: 0x047f,
  productId: 0xc056,
  serialNumber: 'D1CEC329',
  name: 'Plantronics Blackwire 3220 Series',
  collections: [{ usagePage: 0x0c }, { usagePage: 0x0b }],
};
const otherHeadset: ElectronHidDevice = {
  deviceId: 'hs-2',
  vendorId: 0x0b0e,
  productId: 0x24c8,
  collections: [{ usagePage: 0x0b }],
};

type Select = Parameters<HidSessionLike['on']>[1];
type PermissionHandler = Parameters<HidSessionLike['setDevicePermissionHandler']>[0];

function fakeSession() {
  const recorded: { select?: Select; permission?: PermissionHandler } = {};
  const session: HidSessionLike = {
    on: (_event, listener) => (recorded.select = listener),
    setDevicePermissionHandler: (handler) => (recorded.permission = handler),
  };
  const select = (deviceList: ElectronHidDevice[], url = `${OWN}/`) => {
    let prevented = false;
    let answer: string | null | undefined = 'not called';
    recorded.select?.({ preventDefault: () => (prevented = true) }, { deviceList, frame: { url } }, (id) => {
      answer = id;
    });
    return { prevented, answer };
  };
  const allowed = (device: ElectronHidDevice, origin = OWN, deviceType = 'hid') =>
    recorded.permission?.({ deviceType, origin, device }) ?? false;
  return { session, select, allowed };
}

function memoryStore(initial: HidGrant[] = []) {
  const saved: HidGrant[][] = [];
  return { saved, store: { load: () => initial, save: (g: readonly HidGrant[]) => void saved.push([...g]) } };
}

const granted: HidGrant = { vendorId: 0x047f, productId: 0xc056, serialNumber: 'D1CEC329' };

describe('HID chooser (select-hid-device)', () => {
  it('picks the telephony headset itself (no chooser), never the keyboard, and saves the grant', () => {
    const { session, select } = fakeSession();
    const { saved, store } = memoryStore();
    installHidChooser(session, OWN, store);
    expect(select([keyboard, headset])).toEqual({ prevented: true, answer: 'hs-1' });
    expect(saved).toEqual([[granted]]);
    expect(select([keyboard])).toEqual({ prevented: true, answer: null });
  });

  it('a foreign page gets nothing', () => {
    const { session, select } = fakeSession();
    installHidChooser(session, OWN, memoryStore().store);
    expect(select([headset], 'https://evil.example/').answer).toBeNull();
  });

  it('prefers the headset granted before when several are plugged in', () => {
    const { session, select } = fakeSession();
    const { saved, store } = memoryStore([granted]);
    installHidChooser(session, OWN, store);
    expect(select([otherHeadset, headset]).answer).toBe('hs-1');
    expect(saved).toEqual([]); // already granted: nothing new to save
  });
});

describe('HID device permission (keeps the grant)', () => {
  it('our page keeps the granted headset (re-plugged or at the next start), and nothing else', () => {
    const { session, allowed } = fakeSession();
    installHidChooser(session, OWN, memoryStore([granted]).store);
    expect(allowed({ ...headset, deviceId: 'new-id-after-replug' })).toBe(true);
    expect(allowed(otherHeadset)).toBe(false);
    expect(allowed(keyboard)).toBe(false);
    expect(allowed(headset, 'https://evil.example')).toBe(false);
    expect(allowed(headset, OWN, 'usb')).toBe(false);
  });

  it('a headset chosen now is allowed from then on', () => {
    const { session, select, allowed } = fakeSession();
    installHidChooser(session, OWN, memoryStore().store);
    expect(allowed(otherHeadset)).toBe(false);
    select([otherHeadset]);
    expect(allowed(otherHeadset)).toBe(true);
  });

  it('saved grants are read field by field', () => {
    expect(parseGrants([{ vendorId: 1, productId: 2 }, { vendorId: 'x' }, null, 3])).toEqual([
      { vendorId: 1, productId: 2 },
    ]);
    expect(parseGrants(undefined)).toEqual([]);
  });
});
