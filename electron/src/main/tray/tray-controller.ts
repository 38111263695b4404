/**
 * Drives an Electron `Tray` from {@link computeTrayView}. The tray owns the do-not-disturb switch (the
 * renderer learns of changes through the `dnd:changed` event); the renderer reports registration and
 * counts with `tray:set-status`. The OS objects are passed in so tests use fakes.
 */
import type { ShellLocale, TrayIconState, TrayStatus } from '../../../../common/ipc-contract.js';
import { shellText } from '../i18n/shell-text.js';
import { computeTrayView, INITIAL_TRAY_INPUTS, type TrayInputs, type TrayView } from './tray-state.js';

/** Electron `MenuItemConstructorOptions`, the subset the tray uses. */
export type TrayMenuTemplateItem =
  | { label: string; click: () => void; type?: 'normal' }
  | { label: string; click: () => void; type: 'checkbox'; checked: boolean }
  | { type: 'separator' };

export interface TrayApi<M> {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: M | null): void;
}

export interface TrayControllerDeps<M> {
  readonly tray: TrayApi<M>;
  readonly buildMenu: (template: TrayMenuTemplateItem[]) => M;
  readonly iconFor: (state: TrayIconState) => string;
  readonly setBadgeCount?: (count: number) => void;
  readonly onShow: () => void;
  readonly onQuit: () => void;
  readonly onDndChanged: (enabled: boolean) => void;
  /** The language to start in (the OS's, until the renderer says which one the user chose). */
  readonly locale?: ShellLocale;
}

export interface TrayController {
  setStatus(status: TrayStatus): void;
  setDnd(enabled: boolean): void;
  /** The tooltip and menu in another language (`app:set-locale`). */
  setLocale(locale: ShellLocale): void;
  getInputs(): TrayInputs;
  getView(): TrayView;
}

export function createTrayController<M>(deps: TrayControllerDeps<M>): TrayController {
  let inputs: TrayInputs = INITIAL_TRAY_INPUTS;
  let text = shellText(deps.locale ?? 'en');
  let shown: { icon?: string; tooltip?: string; menu?: string; badge?: number } = {};

  const render = (): void => {
    const view = computeTrayView(inputs, text);
    const iconPath = deps.iconFor(view.icon);
    if (shown.icon !== iconPath) deps.tray.setImage(iconPath);
    if (shown.tooltip !== view.tooltip) deps.tray.setToolTip(view.tooltip);
    const menuKey = JSON.stringify(view.menu);
    if (shown.menu !== menuKey) deps.tray.setContextMenu(deps.buildMenu(toTemplate(view)));
    if (shown.badge !== view.badgeCount) deps.setBadgeCount?.(view.badgeCount);
    shown = { icon: iconPath, tooltip: view.tooltip, menu: menuKey, badge: view.badgeCount };
  };

  const setDnd = (enabled: boolean): void => {
    if (inputs.dnd === enabled) return;
    inputs = { ...inputs, dnd: enabled };
    render();
    deps.onDndChanged(enabled);
  };

  const toTemplate = (view: TrayView): TrayMenuTemplateItem[] =>
    view.menu.map((entry): TrayMenuTemplateItem => {
      switch (entry.id) {
        case 'show':
          return { label: entry.label, click: deps.onShow };
        case 'dnd':
          return {
            label: entry.label,
            type: 'checkbox',
            checked: entry.checked,
            click: () => setDnd(!inputs.dnd),
          };
        case 'separator':
          return { type: 'separator' };
        case 'quit':
          return { label: entry.label, click: deps.onQuit };
      }
    });

  render();
  return {
    setStatus(status) {
      inputs = { ...inputs, ...status };
      render();
    },
    setDnd,
    setLocale(locale) {
      if (locale === text.locale) return;
      text = shellText(locale);
      render();
    },
    getInputs: () => inputs,
    getView: () => computeTrayView(inputs, text),
  };
}
