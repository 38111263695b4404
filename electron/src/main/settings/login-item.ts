/**
 * "Start at login" on each OS. macOS and Windows: Electron's `app.setLoginItemSettings` (a login item /
 * the Run registry key). Linux, where Electron has no such call: a `parley.desktop` file in
 * `$XDG_CONFIG_HOME/autostart` (freedesktop.org Desktop Application Autostart Specification), which
 * GNOME, KDE, Xfce and the others start at login; removed again when the setting is turned off.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** The part of Electron's `app` used here (passed in, so tests give a fake). */
export interface LoginItemApi {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

export interface LoginItemOptions {
  readonly app: LoginItemApi;
  readonly platform: NodeJS.Platform;
  /** The executable to start (`process.execPath`). */
  readonly execPath: string;
  /** Linux: `$XDG_CONFIG_HOME/autostart` (default `~/.config/autostart`). */
  readonly autostartDir: string;
}

export const AUTOSTART_FILE = 'parley.desktop';

/** The autostart entry (Desktop Entry Specification 1.5); the path is quoted as §Exec requires. */
export function autostartEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.5',
    'Name=Parley',
    'Comment=Parley softphone',
    `Exec=${quoted}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Turns starting at login on or off for this OS. */
export async function applyLoginItem(options: LoginItemOptions, openAtLogin: boolean): Promise<void> {
  if (options.platform === 'darwin' || options.platform === 'win32') {
    options.app.setLoginItemSettings({ openAtLogin });
    return;
  }
  if (options.platform !== 'linux') return;
  const file = path.join(options.autostartDir, AUTOSTART_FILE);
  if (openAtLogin) {
    await fs.mkdir(options.autostartDir, { recursive: true });
    await fs.writeFile(file, autostartEntry(options.execPath), { mode: 0o644 });
  } else {
    await fs.rm(file, { force: true });
  }
}
