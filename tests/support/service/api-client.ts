/**
 * A thin JSON client for integration tests: every call resolves (never throws on 4xx/5xx) with the
 * status, headers and parsed body, so tests can assert error codes.
 */
export interface ApiReply<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or the raw text when the body is not JSON, or `undefined` when empty. */
  readonly body: T;
}

export interface ApiClientOptions {
  /** Session token sent as `Authorization: Bearer`. */
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiClient {
  get<T = unknown>(path: string, options?: ApiClientOptions): Promise<ApiReply<T>>;
  post<T = unknown>(path: string, body?: unknown, options?: ApiClientOptions): Promise<ApiReply<T>>;
  put<T = unknown>(path: string, body?: unknown, options?: ApiClientOptions): Promise<ApiReply<T>>;
  delete<T = unknown>(path: string, options?: ApiClientOptions): Promise<ApiReply<T>>;
  /** Anything else: raw method, raw body string and headers. */
  raw<T = unknown>(
    method: string,
    path: string,
    body?: string | Uint8Array<ArrayBuffer>,
    headers?: Record<string, string>,
  ): Promise<ApiReply<T>>;
}

export function apiClient(baseUrl: string): ApiClient {
  const raw = async <T>(
    method: string,
    path: string,
    body?: string | Uint8Array<ArrayBuffer>,
    headers: Record<string, string> = {},
  ): Promise<ApiReply<T>> => {
    const res = await fetch(baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    let parsed: unknown = text === '' ? undefined : text;
    if ((res.headers.get('content-type') ?? '').startsWith('application/json')) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
  const headersFor = (options: ApiClientOptions = {}, json = false): Record<string, string> => ({
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    ...options.headers,
  });
  return {
    raw,
    get: (path, options) => raw('GET', path, undefined, headersFor(options)),
    delete: (path, options) => raw('DELETE', path, undefined, headersFor(options)),
    post: (path, body, options) =>
      raw(
        'POST',
        path,
        body === undefined ? undefined : JSON.stringify(body),
        headersFor(options, body !== undefined),
      ),
    put: (path, body, options) =>
      raw(
        'PUT',
        path,
        body === undefined ? undefined : JSON.stringify(body),
        headersFor(options, body !== undefined),
      ),
  };
}
