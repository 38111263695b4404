import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopSettings } from '../../../../../common/ipc-contract.js';
import { createDesktopSettingsController } from '../../../../../electron/src/main/settings/desktop-settings-controller.js';
import { AUTOSTART_FILE, autostartEntry } from '../../../../../electron/src/main/settings/login-item.js';
import { openSettingsStore } from '../../../../../electron/src/main/settings/settings-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'parley-desktop-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fake of the part of Electron's `app` the module uses, recording every call. */
function fakeApp() {
  const calls: { openAtLogin: boolean }[] = [];
  return { calls, setLoginItemSettings: (settings: { openAtLogin: boolean }) => void calls.push(settings) };
}

async function controllerFor(platform: NodeJS.Platform) {
  const app = fakeApp();
  const shortcuts: DesktopSettings['shortcuts'][] = [];
  const settingsFile = path.join(dir, 'settings.json');
  const autostartDir = path.join(dir, 'config', 'autostart');
  const controller = createDesktopSettingsController({
    store: await openSettingsStore(settingsFile),
    loginItem: { app, platform, execPath: '/opt/Parley/parley', autostartDir },
    applyShortcuts: (next) => void shortcuts.push(next),
  });
  return { controller, app, shortcuts, settingsFile, autostartDir };
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

describe('desktop settings controller', () => {
  it('Start at login on Windows/macOS goes to app.setLoginItemSettings, persisted and applied once at start', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const { controller, app, settingsFile } = await controllerFor(platform);
      await controller.applyAtStart();
      expect(app.calls).toEqual([{ openAtLogin: false }]);

      const next = await controller.update({ startAtLogin: true });
      expect(next.startAtLogin).toBe(true);
      expect(app.calls.at(-1)).toEqual({ openAtLogin: true });
      expect(JSON.parse(await readFile(settingsFile, 'utf8'))).toMatchObject({ startAtLogin: true });

      // Unchanged: the OS is not asked again.
      await controller.update({ closeToTray: false });
      expect(app.calls).toHaveLength(2);

      // A restart reads the file and makes the OS agree with it.
      const again = await controllerFor(platform);
      await again.controller.applyAtStart();
      expect(again.app.calls).toEqual([{ openAtLogin: true }]);
      await rm(settingsFile);
    }
  });

  it('Start at login on Linux writes and removes an XDG autostart entry (Electron has no login items there)', async () => {
    const { controller, app, autostartDir } = await controllerFor('linux');
    const entry = path.join(autostartDir, AUTOSTART_FILE);
    await controller.update({ startAtLogin: true });
    const text = await readFile(entry, 'utf8');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain('Type=Application');
    expect(text).toContain('Exec="/opt/Parley/parley"');
    expect(app.calls).toEqual([]);

    await controller.update({ startAtLogin: false });
    expect(await exists(entry)).toBe(false);
  });

  it('quotes an executable path with spaces and shell characters as the Desktop Entry spec asks', () => {
    expect(autostartEntry('/home/a b/$x/"q"')).toContain('Exec="/home/a b/\\$x/\\"q\\""');
  });

  it('Close to tray: closing hides the window while the setting is on, never when quitting', async () => {
    const { controller, settingsFile } = await controllerFor('linux');
    expect(controller.shouldHideOnClose(false)).toBe(true); // the default
    expect(controller.shouldHideOnClose(true)).toBe(false);
    await controller.update({ closeToTray: false });
    expect(controller.shouldHideOnClose(false)).toBe(false);
    expect(JSON.parse(await readFile(settingsFile, 'utf8'))).toMatchObject({ closeToTray: false });
  });

  it('re-registers global shortcuts only when they change', async () => {
    const { controller, shortcuts } = await controllerFor('linux');
    await controller.update({ closeToTray: true });
    expect(shortcuts).toEqual([]);
    await controller.update({ shortcuts: { hangup: null } });
    expect(shortcuts).toEqual([{ answer: 'CommandOrControl+Alt+A', hangup: null }]);
  });

  it('a failure to apply Start at login is reported and the setting is still saved', async () => {
    const errors: string[] = [];
    const controller = createDesktopSettingsController({
      store: await openSettingsStore(path.join(dir, 'settings.json')),
      loginItem: {
        app: {
          setLoginItemSettings: () => {
            throw new Error('denied');
          },
        },
        platform: 'darwin',
        execPath: '/Applications/Parley.app',
        autostartDir: dir,
      },
      applyShortcuts: () => undefined,
      onError: (what, error) => void errors.push(`${what}: ${String(error)}`),
    });
    expect((await controller.update({ startAtLogin: true })).startAtLogin).toBe(true);
    expect(errors).toEqual(['start at login: Error: denied']);
  });
});
