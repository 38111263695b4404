/**
 * The answer to a message whose end cannot be found on a stream
 * ({@link https://www.rfc-editor.org/rfc/rfc3261#section-18.3 | RFC 3261 §18.3}; stream-framer.ts):
 * when its header section reads as a request with a Via (and is not an ACK, which is never answered,
 * §17.2.1), it gets `status` (400, or 513 for a message over the size limit, §21.5.14); otherwise
 * nothing. The transport closes the connection right after.
 */
import { buildResponse } from '../message/build-response.js';
import { parseMessage } from '../message/parse-message.js';
import type { Flow } from '../transport/flow.js';

export function answerUnframable(flow: Flow, head: string, status: number, reason: string): void {
  const parsed = parseMessage(head + '\r\n\r\n', { maxBytes: Number.MAX_SAFE_INTEGER });
  const request = parsed.ok ? parsed.value.message : parsed.partial;
  if (!request || request.startLine.kind !== 'request') return;
  if (request.startLine.method === 'ACK' || !request.has('Via')) return;
  flow.send(buildResponse(request, status, { reason, toTag: 'e' + Date.now().toString(36) }).toString());
}
