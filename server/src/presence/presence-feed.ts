/**
 * Presence changes for the UI (SSE) and the SIP presence agent: listens to the SIP room's "may have
 * changed" signal (registered, ringing, in a call) and to the status book (availability and note), reads
 * both, and tells subscribers only when what others see really changed since the last time it was told.
 */
import type { PresenceEvent, PresenceStatus } from '../../../common/api-types.js';
import { DEFAULT_STATUS, type UserStatus } from '../../../common/presence-types.js';
import { ownCopy } from '../sip/message/own-copy.js';
import type { SipService } from '../sip/sip-service-contract.js';
import type { StatusBook } from './status-book.js';

export interface PresenceFeed {
  presenceOf(username: string): PresenceStatus;
  statusOf(username: string): UserStatus;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: PresenceEvent) => void): () => void;
  close(): void;
}

export function createPresenceFeed(
  sip: Pick<SipService, 'presenceOf' | 'onPresenceChange'>,
  statuses?: Pick<StatusBook, 'get' | 'onChange'>,
): PresenceFeed {
  const listeners = new Set<(event: PresenceEvent) => void>();
  /** What each user was last shown as (absent: offline with the default status). */
  const last = new Map<string, string>();
  const statusOf = (username: string): UserStatus => statuses?.get(username) ?? DEFAULT_STATUS;
  /**
   * One string per look without a note ("online|available|"), shared by every user showing it, rather
   * than a fresh one per user held for as long as they are online (~40 bytes per registration).
   */
  const looks = new Map<string, string>();
  const shared = (key: string): string => {
    let held = looks.get(key);
    if (held === undefined) {
      held = ownCopy(key);
      looks.set(held, held);
    }
    return held;
  };
  const changed = (username: string): void => {
    const presence = sip.presenceOf(username);
    const status = statusOf(username);
    const key = `${presence}|${status.availability}|${status.note}`;
    const idle = `offline|${DEFAULT_STATUS.availability}|${DEFAULT_STATUS.note}`;
    if ((last.get(username) ?? idle) === key) return;
    if (key === idle) last.delete(username);
    else last.set(username, status.note === '' ? shared(key) : key);
    const event: PresenceEvent = { username, presence, status };
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // One broken stream must not stop the others.
      }
    }
  };
  const unsubscribeSip = sip.onPresenceChange(changed);
  const unsubscribeStatus = statuses?.onChange(changed);
  return {
    presenceOf: (username) => sip.presenceOf(username),
    statusOf,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      unsubscribeSip();
      unsubscribeStatus?.();
      listeners.clear();
    },
  };
}
