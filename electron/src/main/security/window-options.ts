/**
 * The one place that builds `BrowserWindow` options. The security switches are typed as literal
 * `true` / `false`, so a change that weakens them does not compile, and the unit test
 * (tests/unit/electron/window-options.test.ts) reads both this builder's output and this source text.
 *
 * Electron security checklist (https://www.electronjs.org/docs/latest/tutorial/security):
 * context isolation (#3), sandbox (#4), no Node integration (#2), webSecurity (#5), no insecure content
 * (#8), no experimental features (#9), no `<webview>` (#12).
 */
import type { WindowBounds } from '../window/window-bounds.js';

export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly experimentalFeatures: false;
  readonly webviewTag: false;
  readonly navigateOnDragDrop: false;
  readonly safeDialogs: true;
  readonly spellcheck: boolean;
  /** Keep ringing and timers at full speed while the window is hidden in the tray. */
  readonly backgroundThrottling: false;
}

export interface SecureWindowOptions {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
  readonly show: boolean;
  readonly title: string;
  readonly backgroundColor: string;
  readonly icon?: string;
  readonly autoHideMenuBar: boolean;
  readonly webPreferences: SecureWebPreferences;
}

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload script (CommonJS: sandboxed preloads cannot be ESM). */
  readonly preloadPath: string;
  readonly bounds: WindowBounds;
  /** False when starting minimized to the tray. */
  readonly show: boolean;
  readonly iconPath?: string;
}

export const MIN_WINDOW_WIDTH = 360;
export const MIN_WINDOW_HEIGHT = 480;

export function buildWindowOptions(input: WindowOptionsInput): SecureWindowOptions {
  return {
    ...(input.bounds.x !== undefined && input.bounds.y !== undefined
      ? { x: input.bounds.x, y: input.bounds.y }
      : {}),
    width: input.bounds.width,
    height: input.bounds.height,
    minWidth: MIN_WINDOW_WIDTH,
    minHeight: MIN_WINDOW_HEIGHT,
    show: input.show,
    title: 'Parley',
    backgroundColor: '#f6f7f9',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    autoHideMenuBar: false,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      backgroundThrottling: false,
    },
  };
}
