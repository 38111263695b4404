/**
 * The headset driver on real report descriptors (tests/fixtures/hid/, each naming its public source):
 * the layout found in the descriptor, hook switch, mute, ring, LEDs, and the quirks real headsets have.
 */
import { describe, expect, it } from 'vitest';
import { HeadsetMachine, type HeadsetStep } from '../../../../renderer/src/devices/hid/headset-machine.js';
import { Usage } from '../../../../renderer/src/devices/hid/hid-usages.js';
import {
  decodeInputReport,
  isTelephonyHeadset,
  readTelephonyLayout,
  type TelephonyLayout,
} from '../../../../renderer/src/devices/hid/telephony-layout.js';
import { loadHeadsetFixture } from '../../../support/hid/report-descriptor.js';

const poly = loadHeadsetFixture('plantronics-blackwire-3220.json');
const apple = loadHeadsetFixture('apple-headset-remote.json');

/** Feeds one raw input report (as WebHID delivers it: report ID apart, data without it). */
function press(machine: HeadsetMachine, layout: TelephonyLayout, reportId: number, ...bytes: number[]) {
  return machine.onInput(decodeInputReport(layout, reportId, Uint8Array.from(bytes)));
}

/** The output reports of a step as `id:bytes` strings, in the order they are sent. */
function sent(step: HeadsetStep): string[] {
  return step.reports.map((r) => `${r.reportId}:${Array.from(r.data).join(',')}`);
}

describe('telephony layout from real descriptors', () => {
  it('Plantronics Blackwire 3220: hook switch and flash absolute, mute relative, one LED per output report', () => {
    const layout = readTelephonyLayout(poly.collections);
    expect(isTelephonyHeadset(layout)).toBe(true);
    expect(layout.inputs.get(Usage.phoneMute)).toEqual([
      { reportId: 8, bitOffset: 0, bitSize: 1, isAbsolute: false },
    ]);
    expect(layout.inputs.get(Usage.hookSwitch)).toEqual([
      { reportId: 8, bitOffset: 1, bitSize: 1, isAbsolute: true },
    ]);
    expect(layout.inputs.get(Usage.flash)?.[0]?.bitOffset).toBe(2);
    expect(layout.outputs.get(Usage.ledMute)?.reportId).toBe(9);
    expect(layout.outputs.get(Usage.ledOffHook)?.reportId).toBe(0x17);
    expect(layout.outputs.get(Usage.ledRing)?.reportId).toBe(0x18);
    expect(layout.outputs.has(Usage.ringer)).toBe(false);
  });

  it('Apple headset remote: no report IDs (report 0), Flash is its only telephony control, no outputs', () => {
    const layout = readTelephonyLayout(apple.collections);
    expect(isTelephonyHeadset(layout)).toBe(true);
    expect(layout.inputs.get(Usage.flash)).toEqual([
      { reportId: 0, bitOffset: 2, bitSize: 1, isAbsolute: true },
    ]);
    expect(layout.inputs.has(Usage.hookSwitch)).toBe(false);
    expect(layout.outputs.size).toBe(0);
  });
});

describe('headset machine on the Plantronics Blackwire 3220', () => {
  const layout = readTelephonyLayout(poly.collections);

  it('a ringing call lights the ring LED; hook switch off-hook answers, on-hook hangs up', () => {
    const m = new HeadsetMachine(layout);
    expect(sent(m.setCall('idle', false))).toEqual(['23:0', '24:0', '9:0']);
    expect(sent(m.setCall('ringing', false))).toEqual(['24:1']);

    // Report 8, bit 1 = hook switch: off-hook.
    const answer = press(m, layout, 8, 0b010);
    expect(answer.actions).toEqual([{ type: 'answer' }]);
    // Off-hook on, ring off; off-hook is sent first.
    expect(sent(answer)).toEqual(['23:1', '24:0']);
    expect(sent(m.setCall('active', false))).toEqual([]); // the app agrees: nothing more to send

    const hangup = press(m, layout, 8, 0b000);
    expect(hangup.actions).toEqual([{ type: 'hangup' }]);
    expect(sent(hangup)).toEqual(['23:0']);
  });

  it('a repeated hook report (the same state again) does nothing', () => {
    const m = new HeadsetMachine(layout);
    m.setCall('ringing', false);
    expect(press(m, layout, 8, 0b010).actions).toEqual([{ type: 'answer' }]);
    m.setCall('active', false);
    expect(press(m, layout, 8, 0b010).actions).toEqual([]);
    expect(press(m, layout, 8, 0b010).actions).toEqual([]);
  });

  it('the device follows our off-hook LED: after an app-side answer and remote hang-up, the next hook press answers', () => {
    const m = new HeadsetMachine(layout);
    m.setCall('ringing', false);
    expect(sent(m.setCall('active', false))).toEqual(['23:1', '24:0']); // answered with the app's button
    expect(sent(m.setCall('idle', false))).toEqual(['23:0']); // the far side hung up
    m.setCall('ringing', false);
    expect(press(m, layout, 8, 0b010).actions).toEqual([{ type: 'answer' }]);
  });

  it('mute (relative) toggles on each press, only off-hook, and every press is acknowledged by the mute LED', () => {
    const m = new HeadsetMachine(layout);
    m.setCall('idle', false);
    // On-hook: ignored, but the LED is re-sent as "not muted" so the headset does not show mute.
    const idle = press(m, layout, 8, 0b001);
    expect(idle.actions).toEqual([]);
    expect(sent(idle)).toEqual(['9:0']);
    press(m, layout, 8, 0b000);

    m.setCall('active', false);
    const mute = press(m, layout, 8, 0b011); // mute bit with the hook bit still off-hook
    expect(mute.actions).toEqual([{ type: 'mute', muted: true }]);
    expect(sent(mute)).toEqual(['9:1']);
    // The same press reported again (some headsets repeat ~2 s later): one press only.
    expect(press(m, layout, 8, 0b011).actions).toEqual([]);
    expect(press(m, layout, 8, 0b010).actions).toEqual([]); // release
    const unmute = press(m, layout, 8, 0b011);
    expect(unmute.actions).toEqual([{ type: 'mute', muted: false }]);
    expect(sent(unmute)).toEqual(['9:0']);
  });

  it('mute set in the app lights the LED; hanging up clears it', () => {
    const m = new HeadsetMachine(layout);
    m.setCall('active', false);
    expect(sent(m.setCall('active', true))).toEqual(['9:1']);
    expect(sent(m.setCall('idle', true))).toEqual(['23:0', '9:0']);
  });

  it('a re-plugged headset gets every LED again', () => {
    const m = new HeadsetMachine(layout);
    m.setCall('active', true);
    expect(sent(m.reset())).toEqual(['23:1', '24:0', '9:1']);
  });
});

describe('headset machine on a one-button remote without report IDs (Apple)', () => {
  const layout = readTelephonyLayout(apple.collections);

  it('reportId 0 input reports are read; Flash answers, then hangs up; nothing is sent (no LEDs)', () => {
    const m = new HeadsetMachine(layout);
    expect(sent(m.setCall('ringing', false))).toEqual([]);
    const answer = press(m, layout, 0, 0b100);
    expect(answer.actions).toEqual([{ type: 'answer' }]);
    expect(press(m, layout, 0, 0b100).actions).toEqual([]); // held: one press
    press(m, layout, 0, 0b000);
    m.setCall('active', false);
    expect(press(m, layout, 0, 0b100).actions).toEqual([{ type: 'hangup' }]);
  });

  it('volume keys (consumer page) do nothing', () => {
    const m = new HeadsetMachine(layout);
    m.setCall('ringing', false);
    expect(press(m, layout, 0, 0b011).actions).toEqual([]);
  });
});

describe('quirks on a descriptor variant', () => {
  it('a toggle (relative) hook switch: each press answers or hangs up', () => {
    const layout = readTelephonyLayout([
      {
        usagePage: 0x0b,
        usage: 0x05,
        inputReports: [
          {
            reportId: 2,
            items: [{ usages: [Usage.hookSwitch], reportSize: 1, reportCount: 1, isAbsolute: false }],
          },
        ],
      },
    ]);
    const m = new HeadsetMachine(layout);
    m.setCall('ringing', false);
    expect(press(m, layout, 2, 1).actions).toEqual([{ type: 'answer' }]);
    expect(press(m, layout, 2, 0).actions).toEqual([]);
    m.setCall('active', false);
    expect(press(m, layout, 2, 1).actions).toEqual([{ type: 'hangup' }]);
  });

  it('an absolute mute carries the wanted state; the same state again is a repeat', () => {
    const layout = readTelephonyLayout([
      {
        usagePage: 0x0b,
        usage: 0x05,
        inputReports: [
          { reportId: 3, items: [{ usages: [Usage.phoneMute], reportSize: 1, reportCount: 1 }] },
          { reportId: 4, items: [{ usages: [Usage.phoneMute], reportSize: 1, reportCount: 1 }] },
        ],
        outputReports: [
          {
            reportId: 5,
            items: [{ usages: [Usage.ledMute, Usage.ledOffHook], reportSize: 1, reportCount: 2 }],
          },
        ],
      },
    ]);
    const m = new HeadsetMachine(layout);
    m.setCall('active', false);
    expect(press(m, layout, 3, 1).actions).toEqual([{ type: 'mute', muted: true }]);
    // The same mute on a second report ID: deduplicated by state, but acknowledged again.
    const again = press(m, layout, 4, 1);
    expect(again.actions).toEqual([]);
    expect(sent(again)).toEqual(['5:3']);
    expect(press(m, layout, 3, 0).actions).toEqual([{ type: 'mute', muted: false }]);
  });
});
