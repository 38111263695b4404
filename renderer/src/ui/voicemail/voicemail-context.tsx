/**
 * React's door to voicemail: the controller (store + settings APIs) and whether the Voicemail view is
 * open. Components read the store's snapshot with `useSyncExternalStore`; they never touch a source.
 */
import { createContext, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { VoicemailController } from '../../voicemail/voicemail-controller.js';
import type { VoicemailSnapshot } from '../../voicemail/voicemail-store.js';

export type VoicemailPage = 'closed' | 'list' | 'settings';

interface VoicemailContextValue {
  readonly controller: VoicemailController;
  readonly page: VoicemailPage;
  readonly setPage: (page: VoicemailPage) => void;
}

const VoicemailContext = createContext<VoicemailContextValue | undefined>(undefined);

export function VoicemailProvider({
  controller,
  children,
}: {
  controller: VoicemailController;
  children: ReactNode;
}) {
  const [page, setPage] = useState<VoicemailPage>('closed');
  const value = useMemo(() => ({ controller, page, setPage }), [controller, page]);
  return <VoicemailContext.Provider value={value}>{children}</VoicemailContext.Provider>;
}

/** The voicemail context, or undefined when the app was started without voicemail (tests, old shells). */
export function useVoicemailContext(): VoicemailContextValue | undefined {
  return useContext(VoicemailContext);
}

export function useVoicemailContextStrict(): VoicemailContextValue {
  const value = useContext(VoicemailContext);
  if (!value) throw new Error('voicemail components must be inside <VoicemailProvider>');
  return value;
}

export function useVoicemailSnapshot(controller: VoicemailController): VoicemailSnapshot {
  const { store } = controller;
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
