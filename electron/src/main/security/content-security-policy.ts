/**
 * The Content-Security-Policy Parley's window enforces, added to every response of the service origin
 * through `session.webRequest.onHeadersReceived` (so it holds even if the service forgets its own header;
 * when both exist the browser enforces both — CSP3 §8.1 — which can only be stricter).
 *
 * https://www.w3.org/TR/CSP3/ — no inline or eval'd script; connections only to the service (HTTP API and
 * its SIP WebSocket, RFC 7118) plus explicitly configured extra origins (e.g. a Kamailio edge).
 */

export interface CspOptions {
  /** Extra `connect-src` sources, e.g. `wss://sip.example.org`. Each must be an http(s)/ws(s) origin. */
  readonly extraConnectSources?: readonly string[];
}

/** `http://host:port` → `ws://host:port` (and https → wss): the SIP WebSocket of the same service. */
export function webSocketOriginOf(origin: string): string {
  const url = new URL(origin);
  const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${url.host}`;
}

export function buildContentSecurityPolicy(serviceOrigin: string, options: CspOptions = {}): string {
  const extra = (options.extraConnectSources ?? []).map((source) => {
    const url = new URL(source);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
      throw new Error(`connect source must be http(s) or ws(s): ${source}`);
    }
    return url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin;
  });
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    // React sets style attributes through the CSSOM; 'unsafe-inline' covers <style> from the bundler only.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['media-src', ["'self'", 'blob:', 'mediastream:', 'data:']],
    ['connect-src', ["'self'", webSocketOriginOf(serviceOrigin), ...extra]],
    ['worker-src', ["'self'", 'blob:']],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Subset of Electron's `OnHeadersReceivedListenerDetails`. */
export interface HeadersReceivedDetails {
  readonly url: string;
  readonly responseHeaders?: Record<string, string[]>;
}

export interface HeadersReceivedResponse {
  responseHeaders?: Record<string, string[]>;
}

/** What the `onHeadersReceived` listener answers: our CSP on our origin, responses elsewhere untouched. */
export function applyCspHeader(
  details: HeadersReceivedDetails,
  serviceOrigin: string,
  csp: string,
): HeadersReceivedResponse {
  let origin: string;
  try {
    origin = new URL(details.url).origin;
  } catch {
    return {};
  }
  if (origin !== serviceOrigin) return {};
  return { responseHeaders: { ...(details.responseHeaders ?? {}), 'Content-Security-Policy': [csp] } };
}

/** Installs the policy on a session's `webRequest`. */
export function installContentSecurityPolicy(
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersReceivedDetails,
        callback: (response: HeadersReceivedResponse) => void,
      ) => void,
    ): void;
  },
  serviceOrigin: string,
  csp: string,
): void {
  webRequest.onHeadersReceived((details, callback) => callback(applyCspHeader(details, serviceOrigin, csp)));
}
