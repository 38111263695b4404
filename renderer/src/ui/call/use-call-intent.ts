import { useMemo } from 'react';
import { useAppStore } from '../shared/store-context.js';

/**
 * Event props for the controls that start a call (a Call button, the dial box): the pointer resting on
 * one, the focus reaching it or a key typed into it tells the engine a call is coming, so it opens the
 * microphone and makes the connection before the click (engine/calls/call-warmup.ts; released after a
 * few idle seconds).
 */
export function useCallIntent(): {
  onPointerEnter: () => void;
  onFocus: () => void;
  onKeyDown: () => void;
} {
  const store = useAppStore();
  return useMemo(() => {
    const prepare = (): void => store.prepareCall();
    return { onPointerEnter: prepare, onFocus: prepare, onKeyDown: prepare };
  }, [store]);
}
