import { describe, expect, it } from 'vitest';
import {
  isBusyTyping,
  isTextEntry,
  matchShortcut,
  SHORTCUTS,
  type KeyPress,
} from '../../../../../renderer/src/ui/keyboard/shortcut-keys.js';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : undefined,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

/** The few fields of an element that the typing checks read. */
const element = (tagName: string, attrs: Record<string, string> = {}, value = '') =>
  ({ tagName, value, getAttribute: (name: string) => attrs[name] ?? null }) as unknown as Element;

describe('keyboard shortcuts', () => {
  it('Ctrl+K (or ⌘K) is search, even while typing', () => {
    expect(matchShortcut(press('k', { ctrlKey: true }), true)).toBe('search');
    expect(matchShortcut(press('k', { metaKey: true }), false)).toBe('search');
    expect(matchShortcut(press('k'), false)).toBeUndefined();
  });

  it('Ctrl+Shift+A / H / M answer, hang up and mute; the key is read from `code` (Shift makes it "A")', () => {
    expect(matchShortcut(press('A', { ctrlKey: true, shiftKey: true }), true)).toBe('answer');
    expect(matchShortcut(press('H', { ctrlKey: true, shiftKey: true }), true)).toBe('hangup');
    expect(matchShortcut(press('M', { metaKey: true, shiftKey: true }), false)).toBe('mute');
    // Without Shift these are the text field's own commands (select all, …): left alone.
    expect(matchShortcut(press('a', { ctrlKey: true }), true)).toBeUndefined();
    // Ctrl+Alt is AltGr on many layouts (it types characters): never a shortcut.
    expect(matchShortcut(press('a', { ctrlKey: true, altKey: true, shiftKey: true }), true)).toBeUndefined();
    // A layout where the A key types something else still answers (code is KeyA).
    expect(matchShortcut({ ...press('Q', { ctrlKey: true, shiftKey: true }), code: 'KeyA' }, true)).toBe(
      'answer',
    );
  });

  it('"?" opens the list only outside text fields; Ctrl+/ anywhere', () => {
    expect(matchShortcut(press('?', { shiftKey: true }), false)).toBe('help');
    expect(matchShortcut(press('?', { shiftKey: true }), true)).toBeUndefined();
    expect(matchShortcut({ ...press('/', { ctrlKey: true }), code: 'Slash' }, true)).toBe('help');
  });

  it('plain letters, digits (the keypad) and Enter are never shortcuts', () => {
    for (const key of ['a', 'M', '5', '#', 'Enter', ' ', 'Escape']) {
      expect(matchShortcut(press(key), false)).toBeUndefined();
    }
  });

  it('lists every shortcut with keys and an aria-keyshortcuts value', () => {
    expect(SHORTCUTS.map((s) => s.id)).toEqual(['search', 'answer', 'hangup', 'mute', 'help']);
    for (const s of SHORTCUTS) expect(s.keys.length > 0 && s.aria !== '').toBe(true);
  });

  it('tells text entry apart, and typing that a ringing call must not interrupt', () => {
    expect(isTextEntry(element('TEXTAREA'))).toBe(true);
    expect(isTextEntry(element('INPUT', { type: 'search' }))).toBe(true);
    expect(isTextEntry(element('INPUT', { type: 'checkbox' }))).toBe(false);
    expect(isTextEntry(element('BUTTON'))).toBe(false);
    expect(isTextEntry(null)).toBe(false);
    // A message box, even empty, or a field with text: the call does not take the focus.
    expect(isBusyTyping(element('TEXTAREA'))).toBe(true);
    expect(isBusyTyping(element('INPUT', {}, 'bo'))).toBe(true);
    // The empty dial field right after sign-in: Answer may take the focus (Enter answers).
    expect(isBusyTyping(element('INPUT', {}, ''))).toBe(false);
  });
});
