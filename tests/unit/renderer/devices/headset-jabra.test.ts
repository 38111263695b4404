/**
 * The headset driver on the real report descriptor of a Jabra Link 380c (the Evolve2 receiver), from
 * Chromium's own test descriptors (tests/fixtures/hid/jabra-link-380c.json names the source). Jabra flags
 * its telephony buttons Constant; LEDs and the ringer share one output report with the buttons' ID.
 */
import { describe, expect, it } from 'vitest';
import { HeadsetMachine, type HeadsetStep } from '../../../../renderer/src/devices/hid/headset-machine.js';
import { Usage } from '../../../../renderer/src/devices/hid/hid-usages.js';
import {
  createWebHidHeadset,
  type HidDeviceLike,
  type HidInputEventLike,
  type HidLike,
} from '../../../../renderer/src/devices/hid/webhid-headset.js';
import type { HeadsetAction } from '../../../../renderer/src/devices/hid/headset-machine.js';
import {
  decodeInputReport,
  isTelephonyHeadset,
  readTelephonyLayout,
  type TelephonyLayout,
} from '../../../../renderer/src/devices/hid/telephony-layout.js';
import { loadHeadsetFixture } from '../../../support/hid/report-descriptor.js';

const jabra = loadHeadsetFixture('jabra-link-380c.json');

function press(machine: HeadsetMachine, layout: TelephonyLayout, reportId: number, ...bytes: number[]) {
  return machine.onInput(decodeInputReport(layout, reportId, Uint8Array.from(bytes)));
}

function sent(step: HeadsetStep): string[] {
  return step.reports.map((r) => `${r.reportId}:${Array.from(r.data).join(',')}`);
}

// Report 2, input byte 0: bit 0 hook switch, bit 3 phone mute. Output: off-hook 1, mute 4, ring 8,
// microphone 32, ringer 128 (byte 0), then a padding byte.
const HOOK = 0b0001;
const MUTE = 0b1000;

describe('Jabra Link 380c: layout', () => {
  const layout = readTelephonyLayout(jabra.collections);

  it('finds the hook switch and mute although the descriptor flags them Constant', () => {
    expect(isTelephonyHeadset(layout)).toBe(true);
    expect(layout.inputs.get(Usage.hookSwitch)).toEqual([
      { reportId: 2, bitOffset: 0, bitSize: 1, isAbsolute: true },
    ]);
    expect(layout.inputs.get(Usage.phoneMute)).toEqual([
      { reportId: 2, bitOffset: 3, bitSize: 1, isAbsolute: false },
    ]);
  });

  it('LEDs and the ringer live in output report 2 (two bytes); the vendor mirror on report 4 is ignored', () => {
    expect(layout.outputs.get(Usage.ledOffHook)).toEqual({
      reportId: 2,
      bitOffset: 0,
      bitSize: 1,
      isAbsolute: true,
    });
    expect(layout.outputs.get(Usage.ledMute)?.bitOffset).toBe(2);
    expect(layout.outputs.get(Usage.ledRing)?.bitOffset).toBe(3);
    expect(layout.outputs.get(Usage.ledMicrophone)?.bitOffset).toBe(5);
    expect(layout.outputs.get(Usage.ringer)).toEqual({
      reportId: 2,
      bitOffset: 7,
      bitSize: 1,
      isAbsolute: true,
    });
    expect(layout.outputLengths.get(2)).toBe(2);
    expect([...layout.inputs.values()].flat().some((f) => f.reportId === 4)).toBe(false);
  });
});

describe('Jabra Link 380c: headset machine', () => {
  const layout = readTelephonyLayout(jabra.collections);

  it('ringing lights the ring LED and the ringer; the absolute hook switch answers and hangs up', () => {
    const m = new HeadsetMachine(layout);
    expect(sent(m.setCall('idle', false))).toEqual(['2:0,0']);
    expect(sent(m.setCall('ringing', false))).toEqual(['2:136,0']); // ring LED + ringer

    const answer = press(m, layout, 2, HOOK, 0);
    expect(answer.actions).toEqual([{ type: 'answer' }]);
    expect(sent(answer)).toEqual(['2:1,0']); // off-hook on, ring and ringer off
    expect(press(m, layout, 2, HOOK, 0).actions).toEqual([]); // the repeat ~2 s later

    const hangup = press(m, layout, 2, 0, 0);
    expect(hangup.actions).toEqual([{ type: 'hangup' }]);
    expect(sent(hangup)).toEqual(['2:0,0']);
  });

  it('mute (relative) toggles off-hook and is acknowledged with the mute and microphone LEDs', () => {
    const m = new HeadsetMachine(layout);
    m.setCall('active', false);
    const mute = press(m, layout, 2, HOOK | MUTE, 0);
    expect(mute.actions).toEqual([{ type: 'mute', muted: true }]);
    expect(sent(mute)).toEqual(['2:37,0']); // off-hook + mute + microphone
    expect(press(m, layout, 2, HOOK, 0).actions).toEqual([]); // release
    const unmute = press(m, layout, 2, HOOK | MUTE, 0);
    expect(unmute.actions).toEqual([{ type: 'mute', muted: false }]);
    expect(sent(unmute)).toEqual(['2:1,0']);
  });

  it('mute pressed on-hook does nothing and the LEDs say "not muted"', () => {
    const m = new HeadsetMachine(layout);
    m.setCall('idle', false);
    const idle = press(m, layout, 2, MUTE, 0);
    expect(idle.actions).toEqual([]);
    expect(sent(idle)).toEqual(['2:0,0']);
  });

  it('the vendor mirror report (ID 4) and the volume keys (ID 1) never act', () => {
    const m = new HeadsetMachine(layout);
    m.setCall('ringing', false);
    expect(press(m, layout, 4, 0xff, 0xff).actions).toEqual([]);
    expect(press(m, layout, 1, 0xff, 0xff).actions).toEqual([]);
  });
});

describe('Jabra Link 380c through the WebHID adapter', () => {
  it('is taken as a telephony headset, answers from the hook switch and lights its LEDs', async () => {
    const sentReports: string[] = [];
    const listeners = new Set<(e: HidInputEventLike) => void>();
    const device: HidDeviceLike & { opened: boolean } = {
      opened: false,
      productName: 'Jabra Link 380',
      vendorId: jabra.vendorId,
      productId: jabra.productId,
      collections: jabra.collections,
      open() {
        device.opened = true;
        return Promise.resolve();
      },
      close() {
        device.opened = false;
        return Promise.resolve();
      },
      sendReport(reportId, data) {
        sentReports.push(`${reportId}:${Array.from(data).join(',')}`);
        return Promise.resolve();
      },
      addEventListener: (_type, listener) => void listeners.add(listener),
      removeEventListener: (_type, listener) => void listeners.delete(listener),
    };
    const hid: HidLike = {
      getDevices: () => Promise.resolve([device]),
      requestDevice: () => Promise.resolve([device]),
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
    const actions: HeadsetAction[] = [];
    const headset = createWebHidHeadset({ hid, onAction: (a) => actions.push(a) });
    await headset.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(headset.getStatus()).toEqual({ state: 'connected', name: 'Jabra Link 380' });
    expect(sentReports).toEqual(['2:0,0']);

    headset.setCall('ringing', false);
    for (const l of listeners) l({ reportId: 2, data: new DataView(Uint8Array.of(HOOK, 0).buffer) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(actions).toEqual([{ type: 'answer' }]);
    expect(sentReports.slice(1)).toEqual(['2:136,0', '2:1,0']);
    await headset.dispose();
  });
});
