/**
 * The desktop shell's own words (tray menu and tooltip, native notifications) in the user's language.
 * The renderer owns the language choice (renderer/src/i18n: Settings, else the system's) and tells main
 * through `app:set-locale`; until it does, main follows the OS (`app.getLocale()`). The shell has a
 * handful of sentences, so they live here as a typed table (every language must have every entry, or
 * the build fails) with plurals from `Intl.PluralRules`, rather than pulling the renderer's catalogues
 * across the process boundary.
 */
import { SHELL_LOCALES, type ShellLocale, type TrayIconState } from '../../../../common/ipc-contract.js';

type Plural = Readonly<Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }>;

interface ShellCatalogue {
  readonly state: Readonly<Record<TrayIconState, string>>;
  /** Tooltip part when do-not-disturb is on but the icon shows another state. */
  readonly dndLower: string;
  readonly missedCalls: Plural;
  readonly unreadMessages: Plural;
  readonly show: string;
  readonly dnd: string;
  readonly quit: string;
  readonly incomingCall: string;
  readonly answer: string;
  readonly decline: string;
  readonly ignore: string;
  readonly missedCall: string;
  readonly missedFrom: string;
  readonly messageFrom: string;
}

const CATALOGUES: Readonly<Record<ShellLocale, ShellCatalogue>> = {
  en: {
    state: { registered: 'Online', connecting: 'Connecting…', offline: 'Offline', dnd: 'Do not disturb' },
    dndLower: 'do not disturb',
    missedCalls: { one: '# missed call', other: '# missed calls' },
    unreadMessages: { one: '# unread message', other: '# unread messages' },
    show: 'Show Parley',
    dnd: 'Do not disturb',
    quit: 'Quit Parley',
    incomingCall: 'Incoming call from {name}',
    answer: 'Answer',
    decline: 'Decline',
    ignore: 'Ignore',
    missedCall: 'Missed call',
    missedFrom: 'From {name}',
    messageFrom: 'Message from {name}',
  },
  de: {
    state: {
      registered: 'Online',
      connecting: 'Verbindung wird hergestellt…',
      offline: 'Offline',
      dnd: 'Nicht stören',
    },
    dndLower: 'nicht stören',
    missedCalls: { one: '# verpasster Anruf', other: '# verpasste Anrufe' },
    unreadMessages: { one: '# ungelesene Nachricht', other: '# ungelesene Nachrichten' },
    show: 'Parley anzeigen',
    dnd: 'Nicht stören',
    quit: 'Parley beenden',
    incomingCall: 'Eingehender Anruf von {name}',
    answer: 'Annehmen',
    decline: 'Ablehnen',
    ignore: 'Ignorieren',
    missedCall: 'Verpasster Anruf',
    missedFrom: 'Von {name}',
    messageFrom: 'Nachricht von {name}',
  },
  es: {
    state: {
      registered: 'Conectado',
      connecting: 'Conectando…',
      offline: 'Desconectado',
      dnd: 'No molestar',
    },
    dndLower: 'no molestar',
    missedCalls: { one: '# llamada perdida', other: '# llamadas perdidas' },
    unreadMessages: { one: '# mensaje sin leer', other: '# mensajes sin leer' },
    show: 'Mostrar Parley',
    dnd: 'No molestar',
    quit: 'Salir de Parley',
    incomingCall: 'Llamada entrante de {name}',
    answer: 'Contestar',
    decline: 'Rechazar',
    ignore: 'Ignorar',
    missedCall: 'Llamada perdida',
    missedFrom: 'De {name}',
    messageFrom: 'Mensaje de {name}',
  },
};

/** The shell's sentences in one language. */
export interface ShellText {
  readonly locale: ShellLocale;
  state(state: TrayIconState): string;
  readonly dndLower: string;
  missedCalls(count: number): string;
  unreadMessages(count: number): string;
  readonly show: string;
  readonly dnd: string;
  readonly quit: string;
  incomingCall(name: string): string;
  readonly answer: string;
  readonly decline: string;
  readonly ignore: string;
  readonly missedCall: string;
  missedFrom(name: string): string;
  messageFrom(name: string): string;
}

export function isShellLocale(value: unknown): value is ShellLocale {
  return (SHELL_LOCALES as readonly unknown[]).includes(value);
}

/** The shell language for an OS locale (`de-AT` → `de`); English when the shell does not speak it. */
export function shellLocaleFor(osLocale: string | undefined): ShellLocale {
  const language = (osLocale ?? '').toLowerCase().split(/[-_]/)[0];
  return isShellLocale(language) ? language : 'en';
}

export function shellText(locale: ShellLocale): ShellText {
  const c = CATALOGUES[locale];
  const rules = new Intl.PluralRules(locale);
  const count = (plural: Plural, n: number): string =>
    (plural[rules.select(n)] ?? plural.other).replace('#', new Intl.NumberFormat(locale).format(n));
  // Names come from the validated IPC payload; `{name}` is replaced once, as text (never a pattern).
  const withName = (pattern: string, name: string): string => pattern.replace('{name}', () => name);
  return {
    locale,
    state: (state) => c.state[state],
    dndLower: c.dndLower,
    missedCalls: (n) => count(c.missedCalls, n),
    unreadMessages: (n) => count(c.unreadMessages, n),
    show: c.show,
    dnd: c.dnd,
    quit: c.quit,
    incomingCall: (name) => withName(c.incomingCall, name),
    answer: c.answer,
    decline: c.decline,
    ignore: c.ignore,
    missedCall: c.missedCall,
    missedFrom: (name) => withName(c.missedFrom, name),
    messageFrom: (name) => withName(c.messageFrom, name),
  };
}
