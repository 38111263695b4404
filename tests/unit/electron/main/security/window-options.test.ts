import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildWindowOptions } from '../../../../../electron/src/main/security/window-options.js';
import { restoreBounds, DEFAULT_BOUNDS } from '../../../../../electron/src/main/window/window-bounds.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const read = (p: string): string => readFileSync(root + p, 'utf8');

describe('BrowserWindow options (static security check)', () => {
  const options = buildWindowOptions({ preloadPath: '/app/preload.cjs', bounds: DEFAULT_BOUNDS, show: true });

  it('the builder turns on isolation and the sandbox and keeps Node out', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      preload: '/app/preload.cjs',
    });
  });

  it('the builder source states each switch literally', () => {
    const source = read('electron/src/main/security/window-options.ts');
    expect(source).toMatch(/contextIsolation: true,/);
    expect(source).toMatch(/sandbox: true,/);
    expect(source).toMatch(/nodeIntegration: false,/);
    expect(source).toMatch(/webSecurity: true,/);
    expect(source).not.toMatch(
      /contextIsolation: false|sandbox: false|nodeIntegration: true|webSecurity: false/,
    );
  });

  it('every BrowserWindow in the shell is built from the builder', () => {
    const window = read('electron/src/main/window/main-window.ts');
    expect(window).toMatch(/new BrowserWindow\(\s*buildWindowOptions\(/);
    const main = read('electron/src/main/main.ts');
    expect(main).not.toMatch(/new BrowserWindow/);
    expect(main).not.toMatch(/webPreferences/);
  });

  it('the preload exposes one object through contextBridge and nothing else', () => {
    const preload = read('electron/src/preload/preload.ts');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\(DESKTOP_BRIDGE_KEY, createDesktopApi\(ipcRenderer\)\)/);
  });
});

describe('window bounds', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('restores sane bounds on a present display', () => {
    expect(restoreBounds({ x: 100, y: 50, width: 500, height: 800 }, screen)).toEqual({
      x: 100,
      y: 50,
      width: 500,
      height: 800,
    });
  });

  it('drops the position when its display is gone, keeps the size', () => {
    expect(restoreBounds({ x: 3000, y: 50, width: 500, height: 800 }, screen)).toEqual({
      width: 500,
      height: 800,
    });
  });

  it('clamps sizes and ignores garbage', () => {
    expect(restoreBounds({ x: 0, y: 0, width: 10, height: 10 }, screen)).toEqual({
      x: 0,
      y: 0,
      width: 360,
      height: 480,
    });
    for (const junk of [
      undefined,
      null,
      'x',
      { width: 'big' },
      { width: NaN, height: 3 },
      { width: 1e12, height: 500 },
    ]) {
      expect(restoreBounds(junk, screen)).toEqual(DEFAULT_BOUNDS);
    }
  });
});
