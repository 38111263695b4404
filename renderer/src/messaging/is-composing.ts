/**
 * RFC 3994 isComposing documents (https://www.rfc-editor.org/rfc/rfc3994): build and read the two
 * states we use. Parsing is a tolerant scan (no DOM in Node or workers); unknown documents read as
 * `undefined` and are ignored.
 *
 * Timers (RFC 3994 state machines): the composer goes idle after 15 s without typing (idle timeout) and
 * refreshes "active" every `refresh` seconds while typing continues; the receiver falls back to idle
 * when it gets content from that sender, an "idle" document, or no refresh in time (120 s without a
 * `refresh` element).
 */

export type ComposingState = 'active' | 'idle';

export const IDLE_TIMEOUT_MS = 15_000;
export const DEFAULT_REFRESH_SECONDS = 60;
export const RECEIVER_DEFAULT_TIMEOUT_SECONDS = 120;

export function buildIsComposing(state: ComposingState, refreshSeconds?: number): string {
  const refresh =
    state === 'active' && refreshSeconds ? `<refresh>${Math.round(refreshSeconds)}</refresh>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<isComposing xmlns="urn:ietf:params:xml:ns:im-iscomposing">' +
    `<state>${state}</state><contenttype>text/plain</contenttype>${refresh}</isComposing>`
  );
}

export function parseIsComposing(
  xml: string,
): { state: ComposingState; refreshSeconds?: number } | undefined {
  if (!/<(?:[\w.-]+:)?isComposing\b/.test(xml)) return undefined;
  const state = /<(?:[\w.-]+:)?state>\s*(active|idle)\s*</.exec(xml)?.[1];
  if (state !== 'active' && state !== 'idle') return undefined;
  const refresh = /<(?:[\w.-]+:)?refresh>\s*(\d{1,6})\s*</.exec(xml)?.[1];
  return refresh === undefined ? { state } : { state, refreshSeconds: Number(refresh) };
}
