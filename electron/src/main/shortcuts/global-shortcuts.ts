/**
 * The configurable global shortcuts (answer, hang up). Registration can fail when another program owns
 * the combination; the result says which ones failed so the settings screen can tell the user.
 */
import type { DesktopSettings, ShortcutAction } from '../../../../common/ipc-contract.js';
import { isValidGlobalAccelerator } from './accelerator.js';

/** The part of Electron's `globalShortcut` used here. */
export interface GlobalShortcutApi {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface ShortcutRegistration {
  readonly registered: readonly ShortcutAction[];
  readonly failed: readonly ShortcutAction[];
}

export interface ShortcutManager {
  /** Replaces the current shortcuts with those of `settings`. */
  apply(shortcuts: DesktopSettings['shortcuts']): ShortcutRegistration;
  dispose(): void;
}

export function createShortcutManager(
  api: GlobalShortcutApi,
  onFired: (action: ShortcutAction) => void,
): ShortcutManager {
  let active: string[] = [];
  const clear = (): void => {
    for (const accelerator of active) api.unregister(accelerator);
    active = [];
  };
  return {
    apply(shortcuts) {
      clear();
      const registered: ShortcutAction[] = [];
      const failed: ShortcutAction[] = [];
      for (const action of ['answer', 'hangup'] as const) {
        const accelerator = shortcuts[action];
        if (accelerator === null) continue;
        if (!isValidGlobalAccelerator(accelerator) || active.includes(accelerator)) {
          failed.push(action);
          continue;
        }
        let ok = false;
        try {
          ok = api.register(accelerator, () => onFired(action));
        } catch {
          ok = false;
        }
        if (ok) {
          active.push(accelerator);
          registered.push(action);
        } else {
          failed.push(action);
        }
      }
      return { registered, failed };
    },
    dispose: clear,
  };
}
