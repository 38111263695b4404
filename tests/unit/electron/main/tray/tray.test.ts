import { describe, expect, it } from 'vitest';
import { computeTrayView } from '../../../../../electron/src/main/tray/tray-state.js';
import {
  createTrayController,
  type TrayMenuTemplateItem,
} from '../../../../../electron/src/main/tray/tray-controller.js';
import type { TrayIconState } from '../../../../../common/ipc-contract.js';

describe('tray view from inputs', () => {
  it('picks the icon from registration and do-not-disturb', () => {
    const icon = (registration: 'registered' | 'connecting' | 'offline', dnd: boolean): TrayIconState =>
      computeTrayView({ registration, dnd, missedCalls: 0, unreadMessages: 0 }).icon;
    expect(icon('registered', false)).toBe('registered');
    expect(icon('registered', true)).toBe('dnd');
    expect(icon('connecting', false)).toBe('connecting');
    expect(icon('connecting', true)).toBe('connecting');
    expect(icon('offline', true)).toBe('offline');
  });

  it('says the state and the counts in the tooltip and the badge', () => {
    const view = computeTrayView({
      registration: 'registered',
      dnd: false,
      missedCalls: 2,
      unreadMessages: 1,
    });
    expect(view.tooltip).toBe('Parley — Online · 2 missed calls · 1 unread message');
    expect(view.badgeCount).toBe(3);
    expect(
      computeTrayView({ registration: 'offline', dnd: true, missedCalls: 1, unreadMessages: 0 }).tooltip,
    ).toBe('Parley — Offline · do not disturb · 1 missed call');
    expect(
      computeTrayView({ registration: 'registered', dnd: false, missedCalls: -5, unreadMessages: NaN })
        .badgeCount,
    ).toBe(0);
  });

  it('offers Show, Do not disturb (checked when on) and Quit', () => {
    const view = computeTrayView({
      registration: 'registered',
      dnd: true,
      missedCalls: 0,
      unreadMessages: 0,
    });
    expect(view.menu).toEqual([
      { id: 'show', label: 'Show Parley' },
      { id: 'dnd', label: 'Do not disturb', checked: true },
      { id: 'separator' },
      { id: 'quit', label: 'Quit Parley' },
    ]);
  });
});

describe('tray controller with a fake Tray', () => {
  function setup() {
    const calls: string[] = [];
    let menu: TrayMenuTemplateItem[] = [];
    const events: string[] = [];
    const badges: number[] = [];
    const controller = createTrayController<TrayMenuTemplateItem[]>({
      tray: {
        setImage: (p) => calls.push(`image ${p}`),
        setToolTip: (t) => calls.push(`tooltip ${t}`),
        setContextMenu: (m) => (menu = m ?? []),
      },
      buildMenu: (template) => template,
      iconFor: (state) => `/icons/tray-${state}.png`,
      setBadgeCount: (n) => badges.push(n),
      onShow: () => events.push('show'),
      onQuit: () => events.push('quit'),
      onDndChanged: (enabled) => events.push(`dnd ${enabled}`),
    });
    const click = (label: string): void => {
      const item = menu.find((i) => 'label' in i && i.label === label);
      if (!item || !('click' in item)) throw new Error(`no item ${label}`);
      item.click();
    };
    return { controller, calls, events, badges, click, menu: () => menu };
  }

  it('starts offline and follows the reported status', () => {
    const t = setup();
    expect(t.calls).toEqual(['image /icons/tray-offline.png', 'tooltip Parley — Offline']);
    t.controller.setStatus({ registration: 'registered', missedCalls: 1, unreadMessages: 0 });
    expect(t.calls.slice(2)).toEqual([
      'image /icons/tray-registered.png',
      'tooltip Parley — Online · 1 missed call',
    ]);
    expect(t.badges).toEqual([0, 1]);
  });

  it('does not touch the OS tray when nothing changed', () => {
    const t = setup();
    t.controller.setStatus({ registration: 'registered', missedCalls: 0, unreadMessages: 0 });
    const before = t.calls.length;
    t.controller.setStatus({ registration: 'registered', missedCalls: 0, unreadMessages: 0 });
    expect(t.calls.length).toBe(before);
  });

  it('menu: Do not disturb toggles and reports, Show and Quit call back', () => {
    const t = setup();
    t.controller.setStatus({ registration: 'registered', missedCalls: 0, unreadMessages: 0 });
    t.click('Do not disturb');
    expect(t.controller.getInputs().dnd).toBe(true);
    expect(t.controller.getView().icon).toBe('dnd');
    expect(t.menu().find((i) => 'label' in i && i.label === 'Do not disturb')).toMatchObject({
      type: 'checkbox',
      checked: true,
    });
    t.click('Do not disturb');
    t.click('Show Parley');
    t.click('Quit Parley');
    expect(t.events).toEqual(['dnd true', 'dnd false', 'show', 'quit']);
    t.controller.setDnd(false);
    expect(t.events).toHaveLength(4);
  });
});
