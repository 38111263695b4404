/**
 * The browser's network events for the engine (network-watch.ts): `offline` / `online` on the window
 * (HTML "navigator.onLine" events) and `change` on `navigator.connection` (Network Information API).
 * That `change` also fires when only the bandwidth/latency estimates move, so it counts as a network
 * change only when the connection `type` changed (e.g. wifi → ethernet; where the browser reports it).
 */
import type { NetworkChange, NetworkSignals } from '../network-watch.js';

export function browserNetworkSignals(target: Window = window): NetworkSignals {
  return {
    subscribe(listener: (change: NetworkChange) => void): () => void {
      const offline = (): void => listener('offline');
      const online = (): void => listener('online');
      // Not in every browser (nor in TypeScript's DOM types): Chromium and Electron have it.
      const connection = (target.navigator as { connection?: EventTarget & { type?: string } }).connection;
      let type = connection?.type;
      const changed = (): void => {
        const now = connection?.type;
        if (now === type) return;
        type = now;
        if (target.navigator.onLine) listener('changed');
      };
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
