/**
 * The headset driver's brain: a small, pure state machine. It is fed the app's call state and the
 * headset's decoded input reports, and answers with actions for the app and the output reports (LEDs,
 * ringer) to send. No I/O, no timers: the WebHID adapter (`webhid-headset.ts`) does the sending.
 *
 *   app call state        idle ───────► ringing ───────► active ───────► idle
 *   LEDs / ringer         all off       ring + ringer     off-hook (+ mute)  all off
 *   hook switch → 1       —             answer            —
 *   hook switch → 0       —             —                 hang up
 *   drop (press)          —             decline           hang up
 *   phone mute            ignored (LED says "not muted")  toggles mute, acknowledged by the mute LED
 *
 * Rules (repeated above the code that keeps them):
 * - Absolute hook switch: the bit is the state; a report equal to the state we believe is a repeat and
 *   is ignored. The device follows our off-hook LED, so setting the LED also sets the believed state.
 * - Relative (toggle) hook switch, flash and drop: a 1 after a 0 is one press; repeated 1s are one press.
 * - A headset without a hook switch answers and hangs up with its Flash button (one-button remotes).
 * - Phone mute works only off-hook (an active call); otherwise the mute LED is re-sent as off.
 * - Relative phone mute toggles on each press; absolute phone mute carries the wanted state (a repeat of
 *   the current state is ignored). Every mute report is acknowledged at once with the mute (and
 *   microphone) LED, or the headset reverts its own mute after a moment.
 * - Off-hook is sent before mute (mute only works off-hook on several headsets).
 */
import type { OutputReport } from './hid-types.js';
import { Usage } from './hid-usages.js';
import type { InputValue, TelephonyLayout } from './telephony-layout.js';
import { encodeOutputReports } from './telephony-layout.js';

export type HeadsetCallState = 'idle' | 'ringing' | 'active';

export type HeadsetAction =
  | { readonly type: 'answer' }
  | { readonly type: 'hangup' }
  | { readonly type: 'decline' }
  | { readonly type: 'mute'; readonly muted: boolean };

export interface HeadsetStep {
  readonly actions: readonly HeadsetAction[];
  readonly reports: readonly OutputReport[];
}

const MUTE_LEDS = [Usage.ledMute, Usage.ledMicrophone];

export class HeadsetMachine {
  private call: HeadsetCallState = 'idle';
  private muted = false;
  /** The hook state we believe the headset is in (absolute hook switches). */
  private hook = 0;
  /** Last value per relative usage, to see presses (0 → 1) and drop repeats. */
  private readonly lastRelative = new Map<number, number>();
  /** Last bytes sent per output report ID, so unchanged reports are not sent again. */
  private readonly sent = new Map<number, string>();

  constructor(private readonly layout: TelephonyLayout) {}

  get state(): { readonly call: HeadsetCallState; readonly muted: boolean; readonly hook: number } {
    return { call: this.call, muted: this.muted, hook: this.hook };
  }

  /** The app's call changed (or at start: pass the current state to light the LEDs). */
  setCall(call: HeadsetCallState, muted: boolean): HeadsetStep {
    this.call = call;
    this.muted = call === 'active' && muted;
    // Rule: the device follows our off-hook LED, so the believed hook state follows it too.
    this.hook = call === 'active' ? 1 : 0;
    return { actions: [], reports: this.outputs(false) };
  }

  /** Forgets what was sent (e.g. the headset was plugged back in): the next step sends everything. */
  reset(): HeadsetStep {
    this.sent.clear();
    this.lastRelative.clear();
    return { actions: [], reports: this.outputs(false) };
  }

  /** One decoded input report. */
  onInput(values: readonly InputValue[]): HeadsetStep {
    const actions: HeadsetAction[] = [];
    let ackMute = false;
    const hasHookSwitch = this.layout.inputs.has(Usage.hookSwitch);
    for (const { usage, value, isAbsolute } of values) {
      if (usage === Usage.hookSwitch || (usage === Usage.flash && !hasHookSwitch)) {
        // Rule: a headset without a hook switch answers/hangs up with Flash (treated as a toggle).
        const absolute = usage === Usage.hookSwitch && isAbsolute;
        if (absolute) this.absoluteHook(value ? 1 : 0, actions);
        else if (this.pressed(usage, value)) this.toggleHook(actions);
      } else if (usage === Usage.drop) {
        if (!this.pressed(usage, value)) continue;
        if (this.call === 'ringing') actions.push(this.to('idle', { type: 'decline' }));
        else if (this.call === 'active') actions.push(this.to('idle', { type: 'hangup' }));
      } else if (usage === Usage.phoneMute) {
        const wanted = isAbsolute ? value !== 0 : this.pressed(usage, value) ? !this.muted : undefined;
        if (wanted === undefined) continue; // a release, or a repeat of a press
        ackMute = true;
        // Rule: mute works only off-hook; otherwise the LED is re-sent as "not muted".
        if (this.call !== 'active' || wanted === this.muted) continue;
        this.muted = wanted;
        actions.push({ type: 'mute', muted: wanted });
      }
    }
    return { actions, reports: this.outputs(ackMute) };
  }

  // Rule: absolute hook switch — a report equal to the believed state is a repeat.
  private absoluteHook(value: number, actions: HeadsetAction[]): void {
    if (value === this.hook) return;
    this.hook = value;
    if (value === 1 && this.call === 'ringing') actions.push(this.to('active', { type: 'answer' }));
    else if (value === 0 && this.call === 'active') actions.push(this.to('idle', { type: 'hangup' }));
  }

  private toggleHook(actions: HeadsetAction[]): void {
    if (this.call === 'ringing') actions.push(this.to('active', { type: 'answer' }));
    else if (this.call === 'active') actions.push(this.to('idle', { type: 'hangup' }));
  }

  /** The machine moves at once (the app confirms later through `setCall`), so LEDs follow the press. */
  private to(call: HeadsetCallState, action: HeadsetAction): HeadsetAction {
    this.call = call;
    this.hook = call === 'active' ? 1 : 0;
    if (call !== 'active') this.muted = false;
    return action;
  }

  // Rule: relative controls — a 1 after a 0 is a press; repeated 1s are the same press.
  private pressed(usage: number, value: number): boolean {
    const before = this.lastRelative.get(usage) ?? 0;
    this.lastRelative.set(usage, value ? 1 : 0);
    return value !== 0 && before === 0;
  }

  private outputs(forceMute: boolean): OutputReport[] {
    const ringing = this.call === 'ringing' ? 1 : 0;
    const muted = this.call === 'active' && this.muted ? 1 : 0;
    const values = new Map<number, number>([
      [Usage.ledOffHook, this.call === 'active' ? 1 : 0],
      [Usage.ledRing, ringing],
      [Usage.ringer, ringing],
      [Usage.ledMute, muted],
      [Usage.ledMicrophone, muted],
      [Usage.ledHold, 0],
    ]);
    const reports = encodeOutputReports(this.layout, values);
    const offHookId = this.layout.outputs.get(Usage.ledOffHook)?.reportId;
    const muteIds = new Set(MUTE_LEDS.map((u) => this.layout.outputs.get(u)?.reportId));
    // Rule: off-hook first.
    reports.sort((a, b) => Number(b.reportId === offHookId) - Number(a.reportId === offHookId));
    return reports.filter((report) => {
      const key = Array.from(report.data).join(',');
      const changed = this.sent.get(report.reportId) !== key;
      this.sent.set(report.reportId, key);
      // Rule: every mute report is acknowledged, even when the LED does not change.
      return changed || (forceMute && muteIds.has(report.reportId));
    });
  }
}
