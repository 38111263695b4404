/**
 * Remembering the window's size and position. Saved bounds are untrusted (a hand-edited file, a monitor
 * that is gone): they are used only if they are sane numbers and the title bar area lands on a display
 * that exists now; otherwise the window opens centered with the default size.
 */

export interface WindowBounds {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 420, height: 720 };
const MIN_SIZE = { width: 360, height: 480 };
const MAX_SIZE = 16384;
/** How much of the window's top strip must be on a display to keep the saved position. */
const VISIBLE_STRIP = { width: 100, height: 40 };

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 100000;
}

/** The bounds to open with, from what was saved (anything) and the current displays' work areas. */
export function restoreBounds(saved: unknown, workAreas: readonly Rect[]): WindowBounds {
  if (typeof saved !== 'object' || saved === null) return DEFAULT_BOUNDS;
  const s = saved as Record<string, unknown>;
  if (!isInt(s.width) || !isInt(s.height)) return DEFAULT_BOUNDS;
  const width = Math.min(Math.max(s.width, MIN_SIZE.width), MAX_SIZE);
  const height = Math.min(Math.max(s.height, MIN_SIZE.height), MAX_SIZE);
  if (!isInt(s.x) || !isInt(s.y)) return { width, height };
  const strip: Rect = { x: s.x, y: s.y, width, height: VISIBLE_STRIP.height };
  const visible = workAreas.some((area) => {
    const w = Math.min(strip.x + strip.width, area.x + area.width) - Math.max(strip.x, area.x);
    const h = Math.min(strip.y + strip.height, area.y + area.height) - Math.max(strip.y, area.y);
    return w >= VISIBLE_STRIP.width && h >= VISIBLE_STRIP.height / 2;
  });
  return visible ? { x: s.x, y: s.y, width, height } : { width, height };
}
