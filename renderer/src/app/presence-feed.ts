/**
 * Live presence from the service's server-sent events (`GET /api/events?token=…`, `event: presence`,
 * data `{ "username", "presence", "status"? }`: registered / ringing / in a call, and the person's chosen
 * status). EventSource reconnects by itself; each (re)open is reported so the store can re-read lists
 * that may have changed while the stream was down.
 */
import type { PresenceStatus } from '../../../common/api-types.js';
import { isAvailability, type UserStatus } from '../../../common/presence-types.js';

export interface PresenceFeedHandlers {
  onPresence(username: string, presence: PresenceStatus, status?: UserStatus): void;
  onOpen(): void;
}

export interface PresenceFeed {
  close(): void;
}

export type OpenPresenceFeed = (url: string, handlers: PresenceFeedHandlers) => PresenceFeed;

const STATUSES: ReadonlySet<string> = new Set<PresenceStatus>(['online', 'ringing', 'on-call', 'offline']);

export interface PresenceUpdate {
  readonly username: string;
  readonly presence: PresenceStatus;
  readonly status?: UserStatus;
}

/** The `status` of an event, when it is a valid one. */
function parseStatus(value: unknown): UserStatus | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { availability, note } = value as { availability?: unknown; note?: unknown };
  if (!isAvailability(availability) || typeof note !== 'string') return undefined;
  return { availability, note };
}

/** Parses one `presence` event's data; undefined when it is not a valid presence update. */
export function parsePresenceEvent(data: string): PresenceUpdate | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return undefined;
    const { username, presence, status } = value as {
      username?: unknown;
      presence?: unknown;
      status?: unknown;
    };
    if (typeof username !== 'string' || typeof presence !== 'string' || !STATUSES.has(presence))
      return undefined;
    const parsed = parseStatus(status);
    return { username, presence: presence as PresenceStatus, ...(parsed ? { status: parsed } : {}) };
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
    if (update) handlers.onPresence(update.username, update.presence, update.status);
  });
  return { close: () => source.close() };
};
