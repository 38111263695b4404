/**
 * The app's keyboard shortcuts, as data: which key press means which action, and the words the
 * "Keyboard shortcuts" dialog shows. No React, no DOM beyond the shape of a key event, so the rules are
 * unit-tested on their own.
 *
 * Why these keys:
 * - Ctrl+K (⌘K on a Mac) focuses search, as in most desktop apps people know (Slack, Teams, VS Code).
 * - Answer, hang up and mute use Ctrl+Shift+letter: Shift+letter types a capital and Ctrl+letter is an
 *   editing command (Ctrl+A selects all, Ctrl+H is history in some browsers), but Ctrl+Shift+A/H/M do
 *   nothing in a text field, so they work while a chat message is being typed without eating a key.
 *   Ctrl+Alt+letter was avoided on purpose: on many European layouts AltGr *is* Ctrl+Alt and types
 *   characters (Polish AltGr+A = ą). The desktop shell's global shortcuts (Ctrl+Alt+A / H by default)
 *   are separate: they work when Parley is in the background.
 * - `?` opens this list only outside text fields (it is a character people type); Ctrl+/ opens it
 *   anywhere, since it types nothing.
 */
import type { MessageId } from '../../i18n/i18n.js';

export type ShortcutId = 'search' | 'answer' | 'hangup' | 'mute' | 'help';

/** The fields of a KeyboardEvent the matcher reads. */
export interface KeyPress {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

export interface ShortcutInfo {
  readonly id: ShortcutId;
  /** What it does, for the dialog (a catalogue id). */
  readonly label: MessageId;
  /** Keys as shown (each an element of a <kbd> sequence); the second form is the Mac one. */
  readonly keys: readonly string[];
  readonly macKeys: readonly string[];
  /** `aria-keyshortcuts` value (WAI-ARIA 1.2 §6.7). */
  readonly aria: string;
}

export const SHORTCUTS: readonly ShortcutInfo[] = [
  {
    id: 'search',
    label: 'shortcut.search',
    keys: ['Ctrl', 'K'],
    macKeys: ['⌘', 'K'],
    aria: 'Control+K Meta+K',
  },
  {
    id: 'answer',
    label: 'shortcut.answer',
    keys: ['Ctrl', 'Shift', 'A'],
    macKeys: ['⌘', 'Shift', 'A'],
    aria: 'Control+Shift+A Meta+Shift+A',
  },
  {
    id: 'hangup',
    label: 'shortcut.hangUp',
    keys: ['Ctrl', 'Shift', 'H'],
    macKeys: ['⌘', 'Shift', 'H'],
    aria: 'Control+Shift+H Meta+Shift+H',
  },
  {
    id: 'mute',
    label: 'shortcut.mute',
    keys: ['Ctrl', 'Shift', 'M'],
    macKeys: ['⌘', 'Shift', 'M'],
    aria: 'Control+Shift+M Meta+Shift+M',
  },
  {
    id: 'help',
    label: 'shortcut.help',
    keys: ['?'],
    macKeys: ['?'],
    aria: 'Shift+? Control+/',
  },
];

/** The letter of a key press whatever the layout shift state (`code` first: Shift+a gives key "A"). */
function letter(press: KeyPress): string {
  if (press.code?.startsWith('Key')) return press.code.slice(3).toLowerCase();
  return press.key.length === 1 ? press.key.toLowerCase() : '';
}

/**
 * The shortcut a key press means, or undefined. `typing`: the focus is in a text field (then `?` is
 * just a character). Ctrl on Linux/Windows and ⌘ on a Mac are both accepted as the command key.
 */
export function matchShortcut(press: KeyPress, typing: boolean): ShortcutId | undefined {
  const command = press.ctrlKey || press.metaKey;
  if (command && !press.altKey) {
    const l = letter(press);
    if (!press.shiftKey && l === 'k') return 'search';
    if (press.shiftKey && l === 'a') return 'answer';
    if (press.shiftKey && l === 'h') return 'hangup';
    if (press.shiftKey && l === 'm') return 'mute';
    if (!press.shiftKey && (press.key === '/' || press.code === 'Slash')) return 'help';
    return undefined;
  }
  if (!command && !press.altKey && press.key === '?' && !typing) return 'help';
  return undefined;
}

/** Whether an element takes typed text (then single-key shortcuts stay out of the way). */
export function isTextEntry(element: Element | null): boolean {
  if (!element) return false;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (element.getAttribute('type') ?? 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color', 'file'].includes(type);
  }
  return (element as Partial<HTMLElement>).isContentEditable === true;
}

/**
 * Whether the user is in the middle of writing something there, so a ringing call must not take the
 * focus: a message box (even empty: they are in a conversation), or a text field with text in it. An
 * empty one-line field (the dial field after sign-in) is not: there Answer may take the focus.
 */
export function isBusyTyping(element: Element | null): boolean {
  if (!element || !isTextEntry(element)) return false;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return tag === 'textarea';
  if (tag === 'input') return (element as HTMLInputElement).value !== '';
  return true;
}
