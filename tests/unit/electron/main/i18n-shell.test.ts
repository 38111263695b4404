/**
 * The desktop shell in the user's language (issue 16 item 5): the tray menu, tooltip and notifications
 * change when the renderer sends `app:set-locale`, with the Electron objects passed in as fakes.
 */
import { describe, expect, it } from 'vitest';
import { shellLocaleFor, shellText } from '../../../../electron/src/main/i18n/shell-text.js';
import {
  createNotificationCenter,
  type NotificationOptionsLike,
} from '../../../../electron/src/main/notifications/notification-center.js';
import {
  createTrayController,
  type TrayMenuTemplateItem,
} from '../../../../electron/src/main/tray/tray-controller.js';
import { SHELL_LOCALES } from '../../../../common/ipc-contract.js';

function trayRig(locale?: 'en' | 'de' | 'es') {
  let menu: TrayMenuTemplateItem[] = [];
  const tooltips: string[] = [];
  const controller = createTrayController<TrayMenuTemplateItem[]>({
    tray: {
      setImage: () => undefined,
      setToolTip: (text) => tooltips.push(text),
      setContextMenu: (m) => (menu = m ?? []),
    },
    buildMenu: (template) => template,
    iconFor: (state) => `/icons/tray-${state}.png`,
    onShow: () => undefined,
    onQuit: () => undefined,
    onDndChanged: () => undefined,
    ...(locale ? { locale } : {}),
  });
  const labels = (): string[] => menu.flatMap((item) => ('label' in item ? [item.label] : []));
  return { controller, labels, tooltip: () => tooltips[tooltips.length - 1] };
}

function notificationRig() {
  const shown: NotificationOptionsLike[] = [];
  const center = createNotificationCenter({
    create: (options) => {
      shown.push(options);
      return { show: () => undefined, close: () => undefined, on: () => undefined };
    },
    supportsActions: true,
    onCallAction: () => undefined,
    onFocusRequest: () => undefined,
  });
  return { center, shown };
}

describe('the shell language', () => {
  it('follows the OS locale until told otherwise, English when it does not speak it', () => {
    expect(shellLocaleFor('de-DE')).toBe('de');
    expect(shellLocaleFor('es_419')).toBe('es');
    expect(shellLocaleFor('fr')).toBe('en');
    expect(shellLocaleFor(undefined)).toBe('en');
  });

  it('has plurals per language', () => {
    expect(shellText('de').missedCalls(1)).toBe('1 verpasster Anruf');
    expect(shellText('de').missedCalls(3)).toBe('3 verpasste Anrufe');
    expect(shellText('es').unreadMessages(1)).toBe('1 mensaje sin leer');
    expect(shellText('en').unreadMessages(1200)).toBe('1,200 unread messages');
    expect(shellText('de').unreadMessages(1200)).toBe('1.200 ungelesene Nachrichten');
  });

  it('keeps a name with pattern characters as it is', () => {
    expect(shellText('es').messageFrom('$& {name} $1')).toBe('Mensaje de $& {name} $1');
  });

  it('differs from English in every language but English', () => {
    for (const locale of SHELL_LOCALES.filter((l) => l !== 'en')) {
      expect(shellText(locale).quit).not.toBe(shellText('en').quit);
    }
  });
});

describe('the tray in the user language', () => {
  it('relabels the menu and the tooltip when the locale changes, keeping the state', () => {
    const rig = trayRig();
    rig.controller.setStatus({ registration: 'registered', missedCalls: 2, unreadMessages: 0 });
    expect(rig.labels()).toEqual(['Show Parley', 'Do not disturb', 'Quit Parley']);
    expect(rig.tooltip()).toBe('Parley — Online · 2 missed calls');

    rig.controller.setLocale('de');
    expect(rig.labels()).toEqual(['Parley anzeigen', 'Nicht stören', 'Parley beenden']);
    expect(rig.tooltip()).toBe('Parley — Online · 2 verpasste Anrufe');

    rig.controller.setDnd(true);
    rig.controller.setLocale('es');
    expect(rig.labels()).toEqual(['Mostrar Parley', 'No molestar', 'Salir de Parley']);
    expect(rig.tooltip()).toBe('Parley — No molestar · 2 llamadas perdidas');
  });

  it('starts in the language it is given (the OS one)', () => {
    expect(trayRig('de').tooltip()).toBe('Parley — Offline');
    expect(trayRig('es').labels()[0]).toBe('Mostrar Parley');
  });
});

describe('notifications in the user language', () => {
  it('words incoming, missed and message notifications, and the call buttons, in the chosen language', () => {
    const { center, shown } = notificationRig();
    center.incomingCall({ callId: 'c1', from: 'Bob', address: 'sip:bob@x.org' });
    expect(shown[0]).toMatchObject({
      title: 'Incoming call from Bob',
      actions: [
        { type: 'button', text: 'Answer' },
        { type: 'button', text: 'Decline' },
      ],
      closeButtonText: 'Ignore',
    });

    center.setLocale('de');
    center.incomingCall({ callId: 'c2', from: 'Bob' });
    center.missedCall({ callId: 'c3', from: 'Bob' });
    center.message({ messageId: 'm1', from: 'Bob', preview: 'Hallo' });
    expect(shown.slice(1).map((n) => [n.title, n.body])).toEqual([
      ['Eingehender Anruf von Bob', 'Parley'],
      ['Verpasster Anruf', 'Von Bob'],
      ['Nachricht von Bob', 'Hallo'],
    ]);
    expect(shown[1]!.actions).toEqual([
      { type: 'button', text: 'Annehmen' },
      { type: 'button', text: 'Ablehnen' },
    ]);

    center.setLocale('es');
    center.missedCall({ callId: 'c4', from: 'Ana' });
    expect(shown[4]).toMatchObject({ title: 'Llamada perdida', body: 'De Ana' });
  });
});
