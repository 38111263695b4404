/**
 * Presence changes for the UI: listens to the SIP room's "may have changed" signal, reads the current
 * status, and tells subscribers only when it really changed since the last time it was told.
 */
import type { PresenceEvent, PresenceStatus } from '../../../common/api-types.js';
import type { SipService } from '../sip/sip-service-contract.js';

export interface PresenceFeed {
  presenceOf(username: string): PresenceStatus;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: PresenceEvent) => void): () => void;
  close(): void;
}

export function createPresenceFeed(sip: Pick<SipService, 'presenceOf' | 'onPresenceChange'>): PresenceFeed {
  const listeners = new Set<(event: PresenceEvent) => void>();
  const last = new Map<string, PresenceStatus>();
  const unsubscribe = sip.onPresenceChange((username) => {
    const presence = sip.presenceOf(username);
    if ((last.get(username) ?? 'offline') === presence) return;
    if (presence === 'offline') last.delete(username);
    else last.set(username, presence);
    for (const listener of [...listeners]) {
      try {
        listener({ username, presence });
      } catch {
        // One broken stream must not stop the others.
      }
    }
  });
  return {
    presenceOf: (username) => sip.presenceOf(username),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      unsubscribe();
      listeners.clear();
    },
  };
}
