/**
 * React's door to call recordings: the controller (policy, list, save) for the call panel's Record button
 * and the Recordings list. Absent in tests and shells started without it: the button then explains why.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { RecordingsController, RecordingsSnapshot } from '../../recordings/recordings-controller.js';

const RecordingsContext = createContext<RecordingsController | undefined>(undefined);

export function RecordingsProvider({
  controller,
  children,
}: {
  controller: RecordingsController;
  children: ReactNode;
}) {
  return <RecordingsContext.Provider value={controller}>{children}</RecordingsContext.Provider>;
}

export function useRecordingsController(): RecordingsController | undefined {
  return useContext(RecordingsContext);
}

const NONE = (): (() => void) => () => undefined;
const UNKNOWN: RecordingsSnapshot = { policy: 'unknown', recordings: [], saving: false };

/** The recordings snapshot (policy `unknown` when there is no controller). */
export function useRecordings(): RecordingsSnapshot {
  const controller = useContext(RecordingsContext);
  return useSyncExternalStore(
    controller?.subscribe ?? NONE,
    controller?.getSnapshot ?? (() => UNKNOWN),
    controller?.getSnapshot ?? (() => UNKNOWN),
  );
}
