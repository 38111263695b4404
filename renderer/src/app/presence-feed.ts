/**
 * Live presence from the service's server-sent events (`GET /api/events?token=…`, `event: presence`,
 * data `{ "username", "presence" }`). EventSource reconnects by itself; each (re)open is reported so the
 * store can re-read lists that may have changed while the stream was down.
 */
import type { PresenceStatus } from '../../../common/api-types.js';

export interface PresenceFeedHandlers {
  onPresence(username: string, presence: PresenceStatus): void;
  onOpen(): void;
}

export interface PresenceFeed {
  close(): void;
}

export type OpenPresenceFeed = (url: string, handlers: PresenceFeedHandlers) => PresenceFeed;

const STATUSES: ReadonlySet<string> = new Set<PresenceStatus>(['online', 'on-call', 'offline']);

/** Parses one `presence` event's data; undefined when it is not a valid presence update. */
export function parsePresenceEvent(data: string): { username: string; presence: PresenceStatus } | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return undefined;
    const { username, presence } = value as { username?: unknown; presence?: unknown };
    if (typeof username !== 'string' || typeof presence !== 'string' || !STATUSES.has(presence))
      return undefined;
    return { username, presence: presence as PresenceStatus };
  } catch {
    return undefined;
  }
}

/** The browser implementation, over `EventSource`. */
export const openEventSourceFeed: OpenPresenceFeed = (url, handlers) => {
  const source = new EventSource(url);
  source.addEventListener('open', () => handlers.onOpen());
  source.addEventListener('presence', (event) => {
    const update = parsePresenceEvent((event as MessageEvent<string>).data);
    if (update) handlers.onPresence(update.username, update.presence);
  });
  return { close: () => source.close() };
};
