/**
 * The desktop shell's own settings (`settings:get` / `settings:set` in common/ipc-contract.ts): start at
 * login, close to tray. Kept and applied by the main process; in a plain browser there is no bridge
 * and `desktopSettingsApi()` is undefined (the settings screen then shows no desktop section).
 */
import type { DesktopSettings, DesktopSettingsPatch, IpcResult } from '../../../common/ipc-contract.js';
import { getDesktopBridge } from './desktop-bridge.js';

export interface DesktopSettingsApi {
  get(): Promise<IpcResult<DesktopSettings>>;
  set(patch: DesktopSettingsPatch): Promise<IpcResult<DesktopSettings>>;
}

export function desktopSettingsApi(): DesktopSettingsApi | undefined {
  const bridge = getDesktopBridge();
  if (!bridge) return undefined;
  return {
    get: () => bridge.invoke('settings:get'),
    set: (patch) => bridge.invoke('settings:set', patch),
  };
}
