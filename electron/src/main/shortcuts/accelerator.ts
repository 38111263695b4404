/**
 * Validation of Electron accelerator strings (https://www.electronjs.org/docs/latest/api/accelerator)
 * for the configurable global shortcuts. Strict on purpose: a global shortcut takes the key away from
 * every other program, so one needs a modifier unless it is a function key above F12 or a media key.
 */

const MODIFIERS = new Set([
  'command',
  'cmd',
  'control',
  'ctrl',
  'commandorcontrol',
  'cmdorctrl',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
  'meta',
]);

const NAMED_KEYS = new Set([
  'plus',
  'space',
  'tab',
  'capslock',
  'numlock',
  'scrolllock',
  'backspace',
  'delete',
  'insert',
  'return',
  'enter',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  'escape',
  'esc',
  'volumeup',
  'volumedown',
  'volumemute',
  'medianexttrack',
  'mediaprevioustrack',
  'mediastop',
  'mediaplaypause',
  'printscreen',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
]);

/** Single-character punctuation keys ("+" is spelled `Plus`). */
const PUNCTUATION = ')!@#$%^&*(:;=<,_-.>?/~`{}[]|\\"\'';

const MODIFIER_FREE_KEYS =
  /^(f1[3-9]|f2[0-4]|volumeup|volumedown|volumemute|medianexttrack|mediaprevioustrack|mediastop|mediaplaypause)$/;

function isKey(token: string): boolean {
  const t = token.toLowerCase();
  return (
    /^[a-z0-9]$/.test(t) ||
    /^f([1-9]|1[0-9]|2[0-4])$/.test(t) ||
    /^num[0-9]$/.test(t) ||
    (token.length === 1 && PUNCTUATION.includes(token)) ||
    NAMED_KEYS.has(t)
  );
}

/** True for `Modifier+…+Key` with known names, no repeats, one key, ≤ 64 characters. */
export function isValidGlobalAccelerator(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  // "+" itself is spelled "Plus"; so splitting on "+" is exact.
  const tokens = value.split('+');
  const key = tokens.pop();
  if (!key || !isKey(key)) return false;
  const seen = new Set<string>();
  for (const token of tokens) {
    const t = token.toLowerCase();
    if (!MODIFIERS.has(t) || seen.has(t)) return false;
    seen.add(t);
  }
  return seen.size > 0 || MODIFIER_FREE_KEYS.test(key.toLowerCase());
}
