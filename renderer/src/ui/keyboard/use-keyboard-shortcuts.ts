/**
 * Listens for the app's keyboard shortcuts (shortcut-keys.ts) on the whole window and acts on the calls
 * of the latest snapshot: answer the first ringing call, hang up the current call (or decline a ringing
 * one), mute, focus search, open the shortcuts list.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { callsToShow } from '../../app/call-text.js';
import type { PhoneSnapshot } from '../../engine/phone-engine-contract.js';
import { useAppState, useAppStore } from '../shared/store-context.js';
import { isTextEntry, matchShortcut } from './shortcut-keys.js';

export function useKeyboardShortcuts({
  search,
  onHelp,
}: {
  /** The search field Ctrl+K focuses (absent while a call hides it in the narrow layout). */
  search: RefObject<HTMLInputElement | null>;
  onHelp: () => void;
}): void {
  const store = useAppStore();
  const { phone } = useAppState();
  const latest = useRef<PhoneSnapshot>(phone);
  useEffect(() => {
    latest.current = phone;
  }, [phone]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.repeat) return;
      const id = matchShortcut(event, isTextEntry(document.activeElement));
      if (!id) return;
      const { ringing, main } = callsToShow(latest.current);
      const live = main !== undefined && main.state !== 'ended' ? main : undefined;
      event.preventDefault();
      switch (id) {
        case 'search':
          search.current?.focus();
          search.current?.select();
          return;
        case 'help':
          onHelp();
          return;
        case 'answer':
          if (ringing[0]) void store.answer(ringing[0].id);
          return;
        case 'hangup':
          if (live) void store.hangup(live.id);
          else if (ringing[0]) void store.decline(ringing[0].id);
          return;
        case 'mute':
          if (live?.state === 'active') store.setMuted(live.id, !live.muted);
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, search, onHelp]);
}
