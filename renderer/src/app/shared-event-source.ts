/**
 * One `EventSource` per URL, shared by every reader of the service's event stream (voicemail, call
 * history): each stream holds an HTTP/1.1 connection for good, and browsers allow only six per host, so a
 * second tab must not cost three more.
 */

/** The part of `EventSource` the readers use (a fake in unit tests). */
export interface SharedEventStream {
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

interface Source {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  removeEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export function createSharedEventSources(
  open: (url: string) => Source = (url) => new EventSource(url),
): (url: string) => SharedEventStream {
  const shared = new Map<string, { source: Source; users: number }>();
  return (url) => {
    let entry = shared.get(url);
    if (!entry) {
      entry = { source: open(url), users: 0 };
      shared.set(url, entry);
    }
    const held = entry;
    held.users += 1;
    const mine: [string, (event: MessageEvent) => void][] = [];
    let closed = false;
    return {
      addEventListener(type, listener) {
        if (closed) return;
        const wrapped = (event: MessageEvent): void => listener(event);
        held.source.addEventListener(type, wrapped);
        mine.push([type, wrapped]);
      },
      close() {
        if (closed) return;
        closed = true;
        for (const [type, wrapped] of mine) held.source.removeEventListener(type, wrapped);
        held.users -= 1;
        if (held.users === 0) {
          held.source.close();
          shared.delete(url);
        }
      },
    };
  };
}
