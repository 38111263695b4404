/**
 * The service's call history API (common/call-history-types.ts) for one signed-in user:
 *   GET /api/calls → CallHistoryPage   DELETE /api/calls/:id   DELETE /api/calls   POST /api/calls/seen
 *   SSE /api/events?token=…  `event: calls`  data CallHistoryChange (every device of the user)
 * Failures are `ApiError`s carrying the API's sentence; 401 has code `unauthorized`.
 */
import type {
  CallHistoryChange,
  CallHistoryPage,
  CallHistorySummary,
} from '../../../common/call-history-types.js';
import { ApiError, networkError, readResponseJson, toApiError } from '../app/api-error.js';

/** The part of `EventSource` used here (a fake in unit tests). */
export interface HistoryEventStream {
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  close(): void;
}

export interface CallHistoryClientOptions {
  readonly token: string;
  /** Origin of the service; '' (same origin) in the browser. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly openEvents?: (url: string) => HistoryEventStream;
}

export interface CallHistoryClient {
  page(before?: string, limit?: number): Promise<CallHistoryPage>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  markSeen(): Promise<CallHistorySummary>;
  /** Calls `onChange` on every `calls` event (and with nothing after the stream reconnects). */
  watch(onChange: (change?: CallHistoryChange) => void): () => void;
}

/** Parses one `calls` event's data; undefined when it is not a valid change. */
export function parseCallsEvent(data: unknown): CallHistoryChange | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as Partial<Record<keyof CallHistoryChange, unknown>> | null;
    if (typeof value !== 'object' || value === null) return undefined;
    const { missedUnseen, reason } = value;
    if (typeof missedUnseen !== 'number' || !Number.isInteger(missedUnseen) || missedUnseen < 0)
      return undefined;
    if (typeof reason !== 'string') return undefined;
    return value as CallHistoryChange;
  } catch {
    return undefined;
  }
}

export function createCallHistoryClient(options: CallHistoryClientOptions): CallHistoryClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const openEvents =
    options.openEvents ??
    ((url: string): HistoryEventStream => new EventSource(url) as unknown as HistoryEventStream);

  const send = async (method: string, path: string): Promise<Response> => {
    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method,
        headers: { Authorization: `Bearer ${options.token}`, Accept: 'application/json' },
      });
    } catch (cause) {
      throw networkError(cause);
    }
    if (!response.ok) {
      const error = toApiError(response.status, await readResponseJson(response));
      throw response.status === 401 ? new ApiError('unauthorized', error.message, 401) : error;
    }
    return response;
  };

  return {
    async page(before, limit = 50) {
      const query = new URLSearchParams({ limit: String(limit), ...(before ? { before } : {}) });
      return (await (await send('GET', `/api/calls?${query.toString()}`)).json()) as CallHistoryPage;
    },
    async remove(id) {
      await send('DELETE', `/api/calls/${encodeURIComponent(id)}`);
    },
    async clear() {
      await send('DELETE', '/api/calls');
    },
    async markSeen() {
      return (await (await send('POST', '/api/calls/seen')).json()) as CallHistorySummary;
    },
    watch(onChange) {
      const stream = openEvents(`${baseUrl}/api/events?token=${encodeURIComponent(options.token)}`);
      let opened = false;
      stream.addEventListener('calls', (event) => {
        const change = parseCallsEvent(event.data);
        if (change) onChange(change);
      });
      // After a reconnect, calls may have been recorded while the stream was down.
      stream.addEventListener('open', () => {
        if (opened) onChange();
        opened = true;
      });
      return () => stream.close();
    },
  };
}
