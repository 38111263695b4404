/**
 * The browser's network events for the engine (network-watch.ts): `offline` / `online` on the window
 * (HTML "navigator.onLine" events) and `change` on `navigator.connection` (Network Information API,
 * Chromium: the connection type or its estimates changed, e.g. Wi-Fi → Ethernet).
 */
import type { NetworkChange, NetworkSignals } from '../network-watch.js';

export function browserNetworkSignals(target: Window = window): NetworkSignals {
  return {
    subscribe(listener: (change: NetworkChange) => void): () => void {
      const offline = (): void => listener('offline');
      const online = (): void => listener('online');
      const changed = (): void => {
        if (target.navigator.onLine) listener('changed');
      };
      // Not in every browser (nor in TypeScript's DOM types): Chromium and Electron have it.
      const connection = (target.navigator as { connection?: EventTarget }).connection;
      target.addEventListener('offline', offline);
      target.addEventListener('online', online);
      connection?.addEventListener('change', changed);
      return () => {
        target.removeEventListener('offline', offline);
        target.removeEventListener('online', online);
        connection?.removeEventListener('change', changed);
      };
    },
  };
}
