/**
 * Responses generated here (RFC 3261 §8.2.6): the Via fields in order, From, To (plus a To tag when
 * the request had none, except for 100 Trying), Call-ID and CSeq are copied from the request.
 */
import { SipMessage, type HeaderField } from './sip-message.js';

/** Default reason phrases (RFC 3261 §21 and the RFCs named). */
export const REASONS: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  423: 'Interval Too Brief',
  430: 'Flow Failed', // RFC 5626 §11.5
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  603: 'Decline',
  606: 'Not Acceptable',
};

export interface ResponseOptions {
  readonly reason?: string;
  /** Tag to put on To when the request had none (ignored for 100). */
  readonly toTag?: string;
  readonly headers?: readonly HeaderField[];
  readonly body?: { readonly contentType: string; readonly text: string };
}

/** Builds a response to `request`. Only copies the raw fields: works on partially valid requests. */
export function buildResponse(
  request: SipMessage,
  status: number,
  options: ResponseOptions = {},
): SipMessage {
  const reason = sanitizeReason(options.reason ?? REASONS[status] ?? 'Unknown');
  const headers: HeaderField[] = [];
  for (const via of request.getAll('Via')) headers.push({ name: 'Via', value: via });
  const from = request.get('From');
  if (from !== undefined) headers.push({ name: 'From', value: from });
  let to = request.get('To');
  if (to !== undefined && status > 100 && options.toTag && !/;\s*tag=/i.test(to)) {
    to = `${to};tag=${options.toTag}`;
  }
  if (to !== undefined) headers.push({ name: 'To', value: to });
  for (const name of ['Call-ID', 'CSeq']) {
    const value = request.get(name);
    if (value !== undefined) headers.push({ name, value });
  }
  headers.push(...(options.headers ?? []));
  headers.push({ name: 'Server', value: 'Parley' });
  let body = '';
  if (options.body) {
    headers.push({ name: 'Content-Type', value: options.body.contentType });
    body = options.body.text;
  }
  return new SipMessage({ kind: 'response', status, reason }, headers, body);
}

/** A reason phrase is one line of printable text. */
function sanitizeReason(reason: string): string {
  return reason.replace(/[\r\n]+/g, ' ').slice(0, 100);
}
