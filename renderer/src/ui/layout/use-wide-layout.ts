import { useSyncExternalStore } from 'react';

/** Wider than this, the main screen is a sidebar and a main pane; narrower, one column. */
export const WIDE_LAYOUT_QUERY = '(min-width: 900px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(WIDE_LAYOUT_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const isWide = (): boolean => window.matchMedia(WIDE_LAYOUT_QUERY).matches;

/** Whether the window is wide enough for the two-pane layout; follows window resizes. */
export function useWideLayout(): boolean {
  return useSyncExternalStore(subscribe, isWide, () => false);
}
