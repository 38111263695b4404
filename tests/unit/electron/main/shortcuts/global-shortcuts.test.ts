import { describe, expect, it } from 'vitest';
import { isValidGlobalAccelerator } from '../../../../../electron/src/main/shortcuts/accelerator.js';
import { createShortcutManager } from '../../../../../electron/src/main/shortcuts/global-shortcuts.js';

describe('accelerators', () => {
  it('accepts modifier combinations and modifier-free high function / media keys', () => {
    for (const a of [
      'CommandOrControl+Alt+A',
      'Ctrl+Shift+F5',
      'Super+Space',
      'Alt+Plus',
      'Shift+/',
      'F13',
      'MediaPlayPause',
      'CmdOrCtrl+num5',
    ]) {
      expect(isValidGlobalAccelerator(a), a).toBe(true);
    }
  });

  it('refuses bare keys, unknown names, repeats and junk', () => {
    for (const a of [
      'A',
      'Space',
      'F5',
      'Ctrl+',
      '+A',
      'Ctrl+Ctrl+A',
      'Hyper+A',
      'Ctrl+A+B',
      'Ctrl+Shift',
      '',
      'x'.repeat(80),
      'Ctrl+\n',
      42,
      null,
    ]) {
      expect(isValidGlobalAccelerator(a), String(a)).toBe(false);
    }
  });
});

describe('global shortcut manager', () => {
  it('registers, reports failures, fires the action and re-applies cleanly', () => {
    const owned = new Map<string, () => void>();
    const takenByOthers = new Set(['Ctrl+Alt+H']);
    const fired: string[] = [];
    const manager = createShortcutManager(
      {
        register: (a, cb) => {
          if (takenByOthers.has(a) || owned.has(a)) return false;
          owned.set(a, cb);
          return true;
        },
        unregister: (a) => owned.delete(a),
      },
      (action) => fired.push(action),
    );
    expect(manager.apply({ answer: 'Ctrl+Alt+A', hangup: 'Ctrl+Alt+H' })).toEqual({
      registered: ['answer'],
      failed: ['hangup'],
    });
    owned.get('Ctrl+Alt+A')!();
    expect(fired).toEqual(['answer']);
    expect(manager.apply({ answer: 'Ctrl+Alt+B', hangup: null })).toEqual({
      registered: ['answer'],
      failed: [],
    });
    expect([...owned.keys()]).toEqual(['Ctrl+Alt+B']);
    expect(manager.apply({ answer: 'Ctrl+Alt+X', hangup: 'Ctrl+Alt+X' }).failed).toEqual(['hangup']);
    manager.dispose();
    expect(owned.size).toBe(0);
  });
});
