/**
 * Holds dial requests from links until the renderer can act on them.
 *
 * At first launch the link arrives (in argv) long before the web client has loaded and registered, so it
 * is queued; the renderer takes the queue with `links:take-pending` once it is ready, and from then on
 * links are pushed to it as `links:dial` events. When the page reloads, main calls `rendererGone()` and
 * queuing starts again, so no link is lost between a reload and the next take.
 */
import type { DialRequest } from '../../../../common/ipc-contract.js';

export interface LinkInbox {
  /** A validated link arrived (argv, second instance, macOS `open-url`). */
  push(request: DialRequest): void;
  /** The renderer asks for what is waiting; from now on requests are delivered at once. */
  take(): readonly DialRequest[];
  /** The page is (re)loading: queue again until the next `take()`. */
  rendererGone(): void;
}

/** Queue at most this many; older ones are dropped (a storm of links must not pile up calls). */
export const MAX_PENDING_LINKS = 3;

export function createLinkInbox(deliver: (request: DialRequest) => void): LinkInbox {
  let live = false;
  let pending: DialRequest[] = [];
  return {
    push(request) {
      if (live) {
        deliver(request);
        return;
      }
      pending.push(request);
      if (pending.length > MAX_PENDING_LINKS) pending = pending.slice(-MAX_PENDING_LINKS);
    },
    take() {
      live = true;
      const out = pending;
      pending = [];
      return out;
    },
    rendererGone() {
      live = false;
    },
  };
}
