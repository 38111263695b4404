/**
 * The user's audio device choices, kept per device kind across restarts (localStorage), and resolved
 * against what is plugged in now: by deviceId first, then by label (deviceIds can change between
 * sessions and origins; labels rarely do), else the OS default.
 */

/** Where choices are kept (localStorage fits). */
export interface ChoiceStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export type AudioRole = 'microphone' | 'speaker' | 'ringer';

/** A remembered choice; absent = "Default" (follow the OS default). */
export interface DeviceChoice {
  readonly deviceId: string;
  readonly label: string;
}

export type DeviceChoices = Readonly<Partial<Record<AudioRole, DeviceChoice>>>;

/** What `enumerateDevices()` gives (a `MediaDeviceInfo` fits). */
export interface AudioDeviceInfo {
  readonly deviceId: string;
  readonly kind: string;
  readonly label: string;
  readonly groupId: string;
}

export const AUDIO_DEVICES_STORAGE_KEY = 'parley.audioDevices';

/** The pseudo-devices Chromium lists besides the real ones. */
export const PSEUDO_DEVICE_IDS: ReadonlySet<string> = new Set(['default', 'communications', '']);

export function kindOf(role: AudioRole): 'audioinput' | 'audiooutput' {
  return role === 'microphone' ? 'audioinput' : 'audiooutput';
}

export function loadChoices(storage: Pick<ChoiceStorage, 'getItem'> | undefined): DeviceChoices {
  try {
    const raw = storage?.getItem(AUDIO_DEVICES_STORAGE_KEY);
    if (!raw) return {};
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const out: Partial<Record<AudioRole, DeviceChoice>> = {};
    for (const role of ['microphone', 'speaker', 'ringer'] as const) {
      const value = parsed[role] as { deviceId?: unknown; label?: unknown } | undefined;
      if (value && typeof value.deviceId === 'string' && typeof value.label === 'string')
        out[role] = { deviceId: value.deviceId, label: value.label };
    }
    return out;
  } catch {
    return {};
  }
}

export function saveChoices(
  storage: Pick<ChoiceStorage, 'setItem'> | undefined,
  choices: DeviceChoices,
): void {
  try {
    storage?.setItem(AUDIO_DEVICES_STORAGE_KEY, JSON.stringify(choices));
  } catch {
    // storage full or blocked: the choice holds for this session only
  }
}

/**
 * The device a choice means now: the same deviceId, else the same label, else undefined (= the OS
 * default). Only real devices of the role's kind count.
 */
export function resolveChoice(
  choice: DeviceChoice | undefined,
  role: AudioRole,
  devices: readonly AudioDeviceInfo[],
): AudioDeviceInfo | undefined {
  if (!choice) return undefined;
  const candidates = devices.filter((d) => d.kind === kindOf(role) && !PSEUDO_DEVICE_IDS.has(d.deviceId));
  return (
    candidates.find((d) => d.deviceId === choice.deviceId) ??
    (choice.label ? candidates.find((d) => d.label === choice.label) : undefined)
  );
}
