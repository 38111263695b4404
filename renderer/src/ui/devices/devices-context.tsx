import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { DevicesHub, DevicesUiState } from '../../app/devices-hub.js';
import type { AudioDevicesSnapshot } from '../../devices/audio/audio-device-manager.js';
import type { HeadsetStatus } from '../../devices/hid/webhid-headset.js';

const DevicesContext = createContext<DevicesHub | undefined>(undefined);

/** Audio devices and the headset (issue 12), for the UI. Optional: without it the UI shows no device parts. */
export function DevicesProvider({ hub, children }: { hub: DevicesHub | undefined; children: ReactNode }) {
  return <DevicesContext.Provider value={hub}>{children}</DevicesContext.Provider>;
}

export function useDevicesHub(): DevicesHub | undefined {
  return useContext(DevicesContext);
}

const noop = (): (() => void) => () => undefined;
const EMPTY_UI: DevicesUiState = { settingsOpen: false, echo: { phase: 'idle' } };
const NO_HEADSET: HeadsetStatus = { state: 'unsupported' };

export function useDevicesUi(): DevicesUiState {
  const hub = useDevicesHub();
  return useSyncExternalStore(hub?.subscribe ?? noop, hub?.getSnapshot ?? (() => EMPTY_UI));
}

export function useAudioDevices(): AudioDevicesSnapshot | undefined {
  const hub = useDevicesHub();
  return useSyncExternalStore(hub?.audio.subscribe ?? noop, () => hub?.audio.getSnapshot());
}

export function useHeadsetStatus(): HeadsetStatus {
  const hub = useDevicesHub();
  return useSyncExternalStore(hub?.headset.subscribe ?? noop, hub?.headset.getStatus ?? (() => NO_HEADSET));
}

/** The ringer's sink id ('' = the OS default), for the ringtone. */
export function useRingerSink(): string {
  const hub = useDevicesHub();
  useAudioDevices(); // re-render when devices change
  return hub?.audio.sinkId('ringer') ?? '';
}
