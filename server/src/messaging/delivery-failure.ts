/**
 * Which final responses from a recipient's device will never turn into a 2xx if the same MESSAGE is
 * sent again (RFC 3261 §21). A message answered with one of them is marked `failed` at once, so the
 * in-order delivery pump moves on instead of retrying it forever and holding back every later message.
 *
 * Transient (retried with backoff, up to a cap):
 * - 408 Request Timeout (also our own timer when a device does not answer), 480 Temporarily
 *   Unavailable, 486 Busy Here, 487 Request Terminated, 491 Request Pending (§21.4);
 * - 500 Server Internal Error, 503 Service Unavailable (also a flow that closed, §8.1.3.1), 504 Server
 *   Time-out, 580 Precondition Failure (§21.5, RFC 3312);
 * - 600 Busy Everywhere (§21.6.1: busy now, not refusing the content).
 * Permanent: every other 3xx–6xx, e.g. 400, 403, 404, 413, 415, 416, 488, 501, 513, 603, 604, 606.
 * We never follow a device's 3xx, so sending again would get the same answer.
 */
const TRANSIENT = new Set([408, 480, 486, 487, 491, 500, 503, 504, 580, 600]);

/** Whether sending the same MESSAGE again cannot succeed. */
export function isPermanentDeliveryFailure(status: number): boolean {
  return status >= 300 && status < 700 && !TRANSIENT.has(status);
}

/** Default reason phrases for statuses a device may answer without a usable one. */
const PHRASES: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  603: 'Decline',
  606: 'Not Acceptable',
};

export function defaultReasonPhrase(status: number): string {
  return PHRASES[status] ?? 'Failed';
}
