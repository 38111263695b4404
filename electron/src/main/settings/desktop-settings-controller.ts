/**
 * The desktop settings as the shell lives them: stored (settings-store.ts) and applied. "Start at
 * login" goes to the OS (login-item.ts) when it changes and once at start; "Close to tray" decides
 * what the window's close button does; changed global shortcuts are registered again. main.ts wires it
 * to Electron; the tests pass fakes.
 */
import type { DesktopSettings, DesktopSettingsPatch } from '../../../../common/ipc-contract.js';
import { applyLoginItem, type LoginItemOptions } from './login-item.js';
import type { SettingsStore } from './settings-store.js';

export interface DesktopSettingsControllerOptions {
  readonly store: SettingsStore;
  readonly loginItem: LoginItemOptions;
  /** Registers the global shortcuts again (shortcuts/global-shortcuts.ts). */
  readonly applyShortcuts: (shortcuts: DesktopSettings['shortcuts']) => void;
  /** A failure to apply a setting to the OS (the setting itself is saved). */
  readonly onError?: (what: string, error: unknown) => void;
}

export interface DesktopSettingsController {
  get(): DesktopSettings;
  /** Saves the patch, then applies what changed. */
  update(patch: DesktopSettingsPatch): Promise<DesktopSettings>;
  /** At start: makes the OS agree with the stored "Start at login". */
  applyAtStart(): Promise<void>;
  /** The window is being closed: hide it to the tray (true) or let it close (false)? */
  shouldHideOnClose(quitting: boolean): boolean;
}

export function createDesktopSettingsController(
  options: DesktopSettingsControllerOptions,
): DesktopSettingsController {
  const { store } = options;
  const applyLogin = async (openAtLogin: boolean): Promise<void> => {
    try {
      await applyLoginItem(options.loginItem, openAtLogin);
    } catch (error) {
      options.onError?.('start at login', error);
    }
  };
  return {
    get: () => store.get(),
    async update(patch) {
      const before = store.get();
      const next = await store.update(patch);
      if (next.startAtLogin !== before.startAtLogin) await applyLogin(next.startAtLogin);
      if (patch.shortcuts) options.applyShortcuts(next.shortcuts);
      return next;
    },
    applyAtStart: () => applyLogin(store.get().startAtLogin),
    // Quitting (tray menu, app menu, OS shutdown) always closes; otherwise the setting decides.
    shouldHideOnClose: (quitting) => !quitting && store.get().closeToTray,
  };
}
