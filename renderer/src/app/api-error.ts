import type { ApiErrorBody } from '../../../common/api-types.js';

/**
 * Every failure of the HTTP API, as one typed error the UI can read.
 * `status` is the HTTP status, or 0 when the service could not be reached at all.
 * `message` is always a sentence a person can act on.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** What the UI says when the service cannot be reached. */
export const NETWORK_ERROR_MESSAGE = 'Parley cannot reach the service. Check your connection and try again.';

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** A fallback sentence per status class, for bodies that do not follow the API's error shape. */
function fallbackMessage(status: number): { code: string; message: string } {
  if (status === 401) return { code: 'unauthorized', message: 'Your session has ended. Sign in again.' };
  if (status === 403) return { code: 'forbidden', message: 'You are not allowed to do that.' };
  if (status === 404)
    return { code: 'not_found', message: 'Parley could not find that. Check the name and try again.' };
  if (status === 429)
    return { code: 'rate_limited', message: 'Too many attempts. Wait a minute and try again.' };
  if (status >= 500) {
    return { code: 'server_error', message: 'The Parley service had a problem. Try again in a moment.' };
  }
  return { code: 'http_error', message: `The request failed (HTTP ${status}). Try again.` };
}

/** Maps a non-2xx response (status + parsed JSON body, or undefined when it was not JSON) to an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(body.error.code, body.error.message, status);
  const fallback = fallbackMessage(status);
  return new ApiError(fallback.code, fallback.message, status);
}

/** Maps a thrown fetch failure (offline, refused, aborted) to an ApiError. */
export function networkError(cause: unknown): ApiError {
  if (cause instanceof DOMException && cause.name === 'AbortError') {
    return new ApiError('aborted', 'The request was cancelled.', 0);
  }
  return new ApiError('network', NETWORK_ERROR_MESSAGE, 0);
}

/** Any thrown value as a sentence for the UI. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}

/** A response's body as JSON, or undefined when it is empty or not JSON (e.g. an error page from a proxy). */
export async function readResponseJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
