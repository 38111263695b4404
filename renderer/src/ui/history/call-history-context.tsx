/**
 * React's door to the call history: the store (renderer/src/history), read with `useSyncExternalStore`.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { CallHistorySnapshot, CallHistoryStore } from '../../history/call-history-store.js';

const CallHistoryContext = createContext<CallHistoryStore | undefined>(undefined);

export function CallHistoryProvider({ store, children }: { store: CallHistoryStore; children: ReactNode }) {
  return <CallHistoryContext.Provider value={store}>{children}</CallHistoryContext.Provider>;
}

/** The store, or undefined when the app was started without call history (tests, old shells). */
export function useCallHistoryStore(): CallHistoryStore | undefined {
  return useContext(CallHistoryContext);
}

export function useCallHistory(store: CallHistoryStore): CallHistorySnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
