/**
 * The native application menu: standard roles (so Cut/Copy/Paste, Undo, zoom, full screen and window
 * shortcuts behave as on every other app of the platform) plus Parley's own items.
 */

export type MenuRole =
  | 'appMenu'
  | 'fileMenu'
  | 'editMenu'
  | 'viewMenu'
  | 'windowMenu'
  | 'help'
  | 'about'
  | 'quit'
  | 'close'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen';

export type AppMenuItem =
  | { role: MenuRole; label?: string; submenu?: AppMenuItem[] }
  | { label: string; submenu: AppMenuItem[] }
  | { label: string; click: () => void; accelerator?: string }
  | { label: string; type: 'checkbox'; checked: boolean; click: () => void }
  | { type: 'separator' };

export interface AppMenuOptions {
  readonly platform: string;
  /** Developer tools only in development builds. */
  readonly devTools: boolean;
  readonly dnd: boolean;
  readonly onToggleDnd: () => void;
  readonly onCheckForUpdates: () => void;
  readonly onShowWindow: () => void;
}

export function buildAppMenuTemplate(options: AppMenuOptions): AppMenuItem[] {
  const isMac = options.platform === 'darwin';
  const view: AppMenuItem[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const phone: AppMenuItem[] = [
    { label: 'Show Parley', click: options.onShowWindow, accelerator: 'CommandOrControl+0' },
    { label: 'Do Not Disturb', type: 'checkbox', checked: options.dnd, click: options.onToggleDnd },
  ];
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    isMac
      ? { role: 'fileMenu' }
      : { label: '&File', submenu: [{ role: 'close' }, { type: 'separator' }, { role: 'quit' }] },
    { role: 'editMenu' },
    { label: '&Phone', submenu: phone },
    { label: '&View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      label: '&Help',
      submenu: [
        { label: 'Check for Updates…', click: options.onCheckForUpdates },
        ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'about' } as const]),
      ],
    },
  ];
}
