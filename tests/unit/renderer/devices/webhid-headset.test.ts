/**
 * The WebHID adapter with a fake `navigator.hid` whose device has the real Plantronics Blackwire 3220
 * collections: opening a granted headset, input reports → actions, output reports in order, and
 * hot-plug (unplugged, then plugged back: opened again without asking, LEDs sent again).
 */
import { describe, expect, it } from 'vitest';
import type { HeadsetAction } from '../../../../renderer/src/devices/hid/headset-machine.js';
import {
  createWebHidHeadset,
  type HidDeviceLike,
  type HidInputEventLike,
  type HidLike,
} from '../../../../renderer/src/devices/hid/webhid-headset.js';
import { loadHeadsetFixture } from '../../../support/hid/report-descriptor.js';

const poly = loadHeadsetFixture('plantronics-blackwire-3220.json');

function fakeHid() {
  const sent: string[] = [];
  const inputs = new Set<(e: HidInputEventLike) => void>();
  const hidListeners = {
    connect: new Set<(e: { device: HidDeviceLike }) => void>(),
    disconnect: new Set<(e: { device: HidDeviceLike }) => void>(),
  };
  const device: HidDeviceLike & { opened: boolean } = {
    opened: false,
    productName: 'Plantronics Blackwire 3220 Series',
    vendorId: poly.vendorId,
    productId: poly.productId,
    collections: poly.collections,
    open() {
      device.opened = true;
      return Promise.resolve();
    },
    close() {
      device.opened = false;
      return Promise.resolve();
    },
    sendReport(reportId, data) {
      sent.push(`${reportId}:${Array.from(data).join(',')}`);
      return Promise.resolve();
    },
    addEventListener: (_type, listener) => void inputs.add(listener),
    removeEventListener: (_type, listener) => void inputs.delete(listener),
  };
  let granted: HidDeviceLike[] = [device];
  const hid: HidLike = {
    getDevices: () => Promise.resolve(granted),
    requestDevice: () => Promise.resolve(granted),
    addEventListener: (type, listener) => void hidListeners[type].add(listener),
    removeEventListener: (type, listener) => void hidListeners[type].delete(listener),
  };
  return {
    hid,
    device,
    sent,
    input(reportId: number, byte: number) {
      for (const listener of inputs) listener({ reportId, data: new DataView(Uint8Array.of(byte).buffer) });
    },
    unplug() {
      granted = [];
      device.opened = false;
      for (const l of hidListeners.disconnect) l({ device });
    },
    plug() {
      granted = [device];
      for (const l of hidListeners.connect) l({ device });
    },
  };
}

/** Lets the adapter's queued `sendReport` calls run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WebHID headset adapter', () => {
  it('opens the granted headset at start, sets its LEDs, and turns button reports into actions', async () => {
    const fake = fakeHid();
    const actions: HeadsetAction[] = [];
    const headset = createWebHidHeadset({ hid: fake.hid, onAction: (a) => actions.push(a) });
    await headset.start();
    await settle();
    expect(headset.getStatus()).toEqual({ state: 'connected', name: 'Plantronics Blackwire 3220 Series' });
    expect(fake.device.opened).toBe(true);
    expect(fake.sent).toEqual(['23:0', '24:0', '9:0']);

    headset.setCall('ringing', false);
    fake.input(8, 0b010); // hook switch off-hook
    await settle();
    expect(actions).toEqual([{ type: 'answer' }]);
    expect(fake.sent.slice(3)).toEqual(['24:1', '23:1', '24:0']);
    await headset.dispose();
  });

  it('unplugged: says so; plugged back: opened again without asking, with the LEDs of the call', async () => {
    const fake = fakeHid();
    const headset = createWebHidHeadset({ hid: fake.hid, onAction: () => undefined });
    await headset.start();
    headset.setCall('active', true);
    fake.unplug();
    expect(headset.getStatus()).toEqual({ state: 'unplugged', name: 'Plantronics Blackwire 3220 Series' });
    await settle();
    fake.sent.length = 0;
    fake.plug();
    await settle();
    await settle();
    expect(headset.getStatus().state).toBe('connected');
    expect(fake.device.opened).toBe(true);
    expect(fake.sent).toEqual(['23:1', '24:0', '9:1']);
    await headset.dispose();
  });

  it('without WebHID it says so and does nothing', async () => {
    const headset = createWebHidHeadset({ hid: undefined, onAction: () => undefined });
    await headset.start();
    await headset.connect();
    expect(headset.getStatus()).toEqual({ state: 'unsupported' });
  });
});
