/**
 * The audio device manager: which microphone, speaker (call audio) and ringer Parley uses, remembered
 * across restarts, and what happens when devices come and go (`mediaDevices` `devicechange`).
 *
 *   plugged in (a device not seen before)  ──► offer "Use NAME" (the user decides)
 *   a chosen device unplugged              ──► fall back to the OS default at once, and say so
 *   "Default" chosen                       ──► follow the OS default (no deviceId constraint, sink '')
 *
 * React-free; the store reads `getSnapshot()` and asks the engine to take a new microphone track when
 * `snapshot.microphone.generation` changes. Media Capture and Streams §9 (enumerateDevices, devicechange).
 */
import { t } from '../../i18n/i18n.js';
import type { Logger } from '../../../../common/logger.js';
import { silentLogger } from '../../../../common/logger.js';
import type {
  AudioDeviceInfo,
  AudioRole,
  ChoiceStorage,
  DeviceChoice,
  DeviceChoices,
} from './device-preferences.js';
import { PSEUDO_DEVICE_IDS, kindOf, loadChoices, resolveChoice, saveChoices } from './device-preferences.js';

/** The parts of `navigator.mediaDevices` used here. */
export interface MediaDevicesLike {
  enumerateDevices(): Promise<AudioDeviceInfo[]>;
  addEventListener(type: 'devicechange', listener: () => void): void;
  removeEventListener(type: 'devicechange', listener: () => void): void;
}

export interface DeviceOption {
  readonly deviceId: string;
  readonly label: string;
  readonly groupId: string;
}

export interface RoleState {
  /** The remembered choice's deviceId, or 'default'. What the combobox shows. */
  readonly selected: string;
  /** The device in use now; undefined = the OS default. */
  readonly device?: DeviceOption;
  /** Bumped whenever the device in use changes (a new choice, an unplug, a re-plug). */
  readonly generation: number;
}

export interface DeviceOffer {
  readonly label: string;
  readonly groupId: string;
  readonly inputId?: string;
  readonly outputId?: string;
}

export interface AudioDevicesSnapshot {
  readonly inputs: readonly DeviceOption[];
  readonly outputs: readonly DeviceOption[];
  readonly microphone: RoleState;
  readonly speaker: RoleState;
  readonly ringer: RoleState;
  /** Whether outputs can be chosen (`setSinkId` exists). */
  readonly canChooseOutput: boolean;
  /** A device was plugged in: offer "Use NAME". */
  readonly offer?: DeviceOffer;
  /** What just happened to the devices, in a sentence (e.g. an unplugged headset). */
  readonly notice?: string;
}

export interface AudioDeviceManager {
  subscribe(listener: () => void): () => void;
  getSnapshot(): AudioDevicesSnapshot;
  /** Reads the devices and starts following changes. */
  start(): Promise<void>;
  /** Reads the device list again (e.g. after microphone permission, when labels appear). */
  refresh(): Promise<void>;
  /** 'default' = follow the OS. Remembered. */
  choose(role: AudioRole, deviceId: string): void;
  /** Uses the offered device for microphone and speaker (same group), and forgets the offer. */
  acceptOffer(): void;
  dismissOffer(): void;
  dismissNotice(): void;
  /** `getUserMedia` audio `deviceId` constraint for the microphone in use (undefined = default). */
  microphoneConstraint(): { exact: string } | undefined;
  /** Sink id for `setSinkId`: '' = the OS default. */
  sinkId(role: 'speaker' | 'ringer'): string;
  dispose(): void;
}

export interface AudioDeviceManagerOptions {
  readonly mediaDevices: MediaDevicesLike | undefined;
  readonly storage?: ChoiceStorage;
  /** Whether `HTMLMediaElement.prototype.setSinkId` exists. */
  readonly canChooseOutput: boolean;
  readonly logger?: Logger;
}

const ROLES: readonly AudioRole[] = ['microphone', 'speaker', 'ringer'];

const option = (d: AudioDeviceInfo): DeviceOption => ({
  deviceId: d.deviceId,
  label: d.label,
  groupId: d.groupId,
});

/** A device's name for sentences, without Chromium's "Default - " prefix. */
export function deviceName(label: string | undefined): string {
  return (label ?? '').replace(/^(Default|Communications) - /, '') || 'the default device';
}

export function createAudioDeviceManager(options: AudioDeviceManagerOptions): AudioDeviceManager {
  const logger = options.logger ?? silentLogger;
  const media = options.mediaDevices;
  const listeners = new Set<() => void>();
  let choices: DeviceChoices = loadChoices(options.storage);
  let devices: AudioDeviceInfo[] = [];
  let known: Set<string> | undefined; // deviceIds seen so far (undefined until the first read)
  let generations: Record<AudioRole, number> = { microphone: 0, speaker: 0, ringer: 0 };
  let inUse: Partial<Record<AudioRole, string>> = {};
  let offer: DeviceOffer | undefined;
  let notice: string | undefined;
  let snapshot = build();

  function build(): AudioDevicesSnapshot {
    const real = (kind: string): DeviceOption[] =>
      devices.filter((d) => d.kind === kind && !PSEUDO_DEVICE_IDS.has(d.deviceId)).map(option);
    const role = (r: AudioRole): RoleState => {
      const device = resolveChoice(choices[r], r, devices);
      return {
        selected: device ? device.deviceId : 'default',
        ...(device ? { device: option(device) } : {}),
        generation: generations[r],
      };
    };
    return {
      inputs: real('audioinput'),
      outputs: real('audiooutput'),
      microphone: role('microphone'),
      speaker: role('speaker'),
      ringer: role('ringer'),
      canChooseOutput: options.canChooseOutput,
      ...(offer ? { offer } : {}),
      ...(notice ? { notice } : {}),
    };
  }

  function changed(): void {
    snapshot = build();
    for (const listener of [...listeners]) listener();
  }

  /** Bumps a role's generation when the device it uses changed. */
  function track(role: AudioRole): string | undefined {
    const device = resolveChoice(choices[role], role, devices);
    const defaultEntry = devices.find((d) => d.kind === kindOf(role) && d.deviceId === 'default');
    // "Default" follows the OS: a different default device is a change too.
    const key = device
      ? device.deviceId
      : `default:${defaultEntry?.groupId ?? ''}:${defaultEntry?.label ?? ''}`;
    if (inUse[role] !== undefined && inUse[role] !== key)
      generations = { ...generations, [role]: generations[role] + 1 };
    inUse = { ...inUse, [role]: key };
    return device?.deviceId;
  }

  async function read(): Promise<void> {
    if (!media) return;
    let list: AudioDeviceInfo[];
    try {
      list = (await media.enumerateDevices()).filter(
        (d) => d.kind === 'audioinput' || d.kind === 'audiooutput',
      );
    } catch (error) {
      logger.warn({ tnx: 'devices', error: String(error) }, 'cannot list audio devices');
      return;
    }
    const before = devices;
    devices = list;
    const lost: string[] = [];
    for (const role of ROLES) {
      const wasUsing = resolveChoice(choices[role], role, before);
      track(role);
      // Rule: a chosen device unplugged → the OS default, at once, and say so.
      if (wasUsing && !resolveChoice(choices[role], role, devices)) lost.push(wasUsing.label);
    }
    if (lost.length > 0) {
      notice = t('devices.unplugged', { name: deviceName(lost[0]) });
      logger.info({ tnx: 'device-lost', label: lost[0] }, 'audio device unplugged');
    }
    // Rule: a device not seen before → offer it ("Use NAME"); a headset shows up as input + output.
    const ids = new Set(list.map((d) => d.deviceId));
    if (known) {
      const fresh = list.find(
        (d) =>
          !known!.has(d.deviceId) && !PSEUDO_DEVICE_IDS.has(d.deviceId) && d.label && d.kind === 'audioinput',
      );
      // A chosen device coming back is simply used again: nothing to offer.
      const chosen = resolveChoice(choices.microphone, 'microphone', list);
      if (fresh && fresh.deviceId !== chosen?.deviceId) {
        const output = list.find(
          (d) =>
            d.kind === 'audiooutput' && d.groupId === fresh.groupId && !PSEUDO_DEVICE_IDS.has(d.deviceId),
        );
        offer = {
          label: fresh.label,
          groupId: fresh.groupId,
          inputId: fresh.deviceId,
          ...(output ? { outputId: output.deviceId } : {}),
        };
      }
      if (offer && !list.some((d) => d.groupId === offer!.groupId)) offer = undefined;
    }
    // Labels are empty before microphone permission: only then remember what we saw.
    if (list.some((d) => d.label)) known = ids;
    changed();
  }

  const onDeviceChange = (): void => void read();

  function choose(role: AudioRole, deviceId: string): void {
    const device = devices.find((d) => d.kind === kindOf(role) && d.deviceId === deviceId);
    const next: Partial<Record<AudioRole, DeviceChoice>> = { ...choices };
    if (deviceId === 'default' || !device) delete next[role];
    else next[role] = { deviceId: device.deviceId, label: device.label };
    choices = next;
    saveChoices(options.storage, choices);
    track(role);
    changed();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    async start() {
      media?.addEventListener('devicechange', onDeviceChange);
      await read();
    },
    refresh: read,
    choose,
    acceptOffer() {
      const current = offer;
      offer = undefined;
      if (!current) return changed();
      if (current.inputId) choose('microphone', current.inputId);
      if (current.outputId && options.canChooseOutput) choose('speaker', current.outputId);
      changed();
    },
    dismissOffer() {
      offer = undefined;
      changed();
    },
    dismissNotice() {
      notice = undefined;
      changed();
    },
    microphoneConstraint() {
      const device = resolveChoice(choices.microphone, 'microphone', devices);
      return device ? { exact: device.deviceId } : undefined;
    },
    sinkId(role) {
      return resolveChoice(choices[role], role, devices)?.deviceId ?? '';
    },
    dispose() {
      media?.removeEventListener('devicechange', onDeviceChange);
      listeners.clear();
    },
  };
}
