/**
 * One authenticated request to the Parley service (`Authorization: Bearer <token>`), for the voicemail
 * and settings endpoints. A failure is a `VoicemailSourceError` carrying the API's sentence
 * (`{ "error": { "code", "message" } }`), with code `unauthorized` on 401 so the app can sign out.
 */
import { networkError, readResponseJson, toApiError } from '../app/api-error.js';
import { VoicemailSourceError } from './voicemail-source.js';

export interface ServiceRequestOptions {
  /** Origin of the service; '' (same origin) in the browser. */
  readonly baseUrl?: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
}

export type ServiceRequest = (
  method: string,
  path: string,
  body?: { readonly json: unknown } | { readonly blob: Blob; readonly type: string },
) => Promise<Response>;

export function createServiceRequest(options: ServiceRequestOptions): ServiceRequest {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return async (method, path, body) => {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.token}`,
      Accept: 'application/json, audio/ogg',
    };
    let payload: BodyInit | undefined;
    if (body && 'json' in body) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['Content-Type'] = body.type;
      payload = body.blob;
    }
    let response: Response;
    try {
      response = await doFetch(baseUrl + path, { method, headers, body: payload });
    } catch (cause) {
      const error = networkError(cause);
      throw new VoicemailSourceError(error.code, error.message);
    }
    if (!response.ok) {
      const error = toApiError(response.status, await readResponseJson(response));
      throw new VoicemailSourceError(response.status === 401 ? 'unauthorized' : error.code, error.message);
    }
    return response;
  };
}
