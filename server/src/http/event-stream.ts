/**
 * Server-Sent Events for the UI (`GET /api/events`, WHATWG HTML §9.2): `event: presence` with a
 * `PresenceEvent` as JSON data whenever a user's presence changes, plus a comment every 25 s so proxies
 * keep the connection open. Every signed-in stream gets every change (fine at this scale).
 */
import type { ServerResponse } from 'node:http';
import type { PresenceEvent } from '../../../common/api-types.js';
import type { PresenceFeed } from '../presence/presence-feed.js';
import { SECURITY_HEADERS } from './respond.js';

export interface EventStreams {
  open(res: ServerResponse, username: string): void;
  /** Sends `event: <event>` with JSON `data` to every stream of one user (e.g. `voicemail`). */
  publish(username: string, event: string, data: unknown): void;
  /** How many streams are open (for tests and logs). */
  count(): number;
  /** Whether `username` has an open stream (publishers skip building events nobody reads). */
  listening(username: string): boolean;
  closeAll(): void;
}

export function createEventStreams(feed: PresenceFeed, keepAliveMs = 25_000): EventStreams {
  const open = new Set<ServerResponse>();
  const owners = new Map<ServerResponse, string>();

  const send = (res: ServerResponse, event: PresenceEvent): void => {
    res.write(`event: presence\ndata: ${JSON.stringify(event)}\n\n`);
  };
  const unsubscribe = feed.subscribe((event) => {
    for (const res of open) send(res, event);
  });
  const timer = setInterval(() => {
    for (const res of open) res.write(': keep-alive\n\n');
  }, keepAliveMs);
  timer.unref();

  return {
    open(res, username) {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      // `retry` (ms) tells EventSource how soon to reconnect; the comment flushes the headers.
      res.write('retry: 2000\n: connected\n\n');
      open.add(res);
      owners.set(res, username);
      const forget = (): void => {
        open.delete(res);
        owners.delete(res);
      };
      res.on('close', forget);
      res.on('error', forget);
    },
    publish(username, event, data) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const [res, owner] of owners) if (owner === username) res.write(frame);
    },
    count: () => open.size,
    listening(username) {
      for (const owner of owners.values()) if (owner === username) return true;
      return false;
    },
    closeAll() {
      clearInterval(timer);
      unsubscribe();
      for (const res of open) res.end();
      open.clear();
    },
  };
}
