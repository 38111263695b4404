import type { ApiErrorBody } from '../../../common/api-types.js';
import { USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH } from '../../../common/username-rules.js';
import { isMessageId, t } from '../i18n/i18n.js';

/**
 * Every failure of the HTTP API, as one typed error the UI can read.
 * `status` is the HTTP status, or 0 when the service could not be reached at all.
 * `message` is always a sentence a person can act on: the service's own (English) words, or for the
 * client's own codes the current language's. The UI shows `errorMessage(error)`, which translates by
 * `code` (the service's codes are stable; see `error.*` in the catalogues) and falls back to `message`.
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
export function networkErrorMessage(): string {
  return t('error.network');
}

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
  if (status === 401) return { code: 'unauthorized', message: t('error.unauthorized') };
  if (status === 403) return { code: 'forbidden', message: t('error.forbidden') };
  if (status === 404) return { code: 'not_found', message: t('error.not_found') };
  if (status === 429) return { code: 'rate_limited', message: t('error.rate_limited') };
  if (status >= 500) return { code: 'server_error', message: t('error.server_error') };
  return { code: 'http_error', message: t('error.http_error', { status }) };
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
    return new ApiError('aborted', t('error.aborted'), 0);
  }
  return new ApiError('network', networkErrorMessage(), 0);
}

/**
 * A service error code in the current language, or undefined for codes the catalogues do not know.
 * `http_error` needs its status, so it is translated by `toApiError` instead.
 */
export function translateErrorCode(code: string): string | undefined {
  const id = `error.${code}`;
  if (code === 'http_error' || !isMessageId(id)) return undefined;
  return t(id, { min: USERNAME_MIN_LENGTH, max: USERNAME_MAX_LENGTH });
}

/**
 * Any thrown value as a sentence for the UI: a known error code in the current language, else the
 * message the service (or the thrower) wrote.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return translateErrorCode(error.code) ?? error.message;
  if (error instanceof Error && error.message) return error.message;
  return t('error.unknown');
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
