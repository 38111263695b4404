/**
 * The Parley window: created from the secure options builder, kept on the service origin by the
 * navigation guard, its bounds remembered, hidden to the tray on close when the setting says so, and
 * reloading the service every few seconds while it cannot be reached.
 * This is composition over Electron (not unit-tested here: it needs a desktop; see electron/README.md).
 */
import { BrowserWindow, screen, shell } from 'electron';
import { installNavigationGuard } from '../security/navigation-guard.js';
import { buildWindowOptions } from '../security/window-options.js';
import { readJsonFile, writeJsonFile } from '../settings/json-file.js';
import { restoreBounds } from './window-bounds.js';

export interface MainWindowOptions {
  readonly serviceUrl: string;
  readonly serviceOrigin: string;
  readonly preloadPath: string;
  readonly iconPath: string;
  readonly boundsFile: string;
  readonly show: boolean;
  readonly shouldHideOnClose: () => boolean;
  readonly onFocused: () => void;
  readonly onPageLoading: () => void;
}

const RETRY_MS = 3000;

export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = restoreBounds(await readJsonFile(options.boundsFile), workAreas);
  const win = new BrowserWindow(
    buildWindowOptions({
      preloadPath: options.preloadPath,
      bounds,
      show: options.show,
      iconPath: options.iconPath,
    }),
  );
  const contents = win.webContents;
  installNavigationGuard(contents, options.serviceOrigin, (url) => void shell.openExternal(url));

  let saveTimer: NodeJS.Timeout | undefined;
  const saveBounds = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
      void writeJsonFile(options.boundsFile, win.getNormalBounds()).catch(() => undefined);
    }, 500);
  };
  win.on('resize', saveBounds);
  win.on('move', saveBounds);
  win.on('close', (event) => {
    if (options.shouldHideOnClose()) {
      event.preventDefault();
      win.hide();
    }
  });
  win.on('focus', options.onFocused);
  contents.on('did-start-loading', options.onPageLoading);

  let retry: NodeJS.Timeout | undefined;
  const load = (): void => {
    clearTimeout(retry);
    contents.loadURL(options.serviceUrl).catch(() => undefined);
  };
  contents.on('did-fail-load', (_event, errorCode, _description, validatedUrl, isMainFrame) => {
    // -3 is ERR_ABORTED (a newer navigation replaced this one): not a failure.
    if (!isMainFrame || errorCode === -3 || !validatedUrl.startsWith(options.serviceOrigin)) return;
    const page = waitingPage(options.serviceOrigin);
    contents.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(page)}`).catch(() => undefined);
    retry = setTimeout(load, RETRY_MS);
  });
  load();
  return win;
}

function waitingPage(origin: string): string {
  const safe = origin.replace(/[<>&"']/g, '');
  return `<!doctype html><meta charset="utf-8"><title>Parley</title>
<body style="font:15px system-ui;margin:3em;color:#334">
<h1 style="font-size:1.3em">Waiting for the Parley service…</h1>
<p>Parley cannot reach <code>${safe}</code>. It tries again every few seconds.</p>
<p>Start it with <code>npm run service</code>, or start the desktop app with <code>--url https://your.server</code>.</p>`;
}
