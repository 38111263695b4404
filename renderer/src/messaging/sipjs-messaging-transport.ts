/**
 * `MessagingTransport` over a SIP.js 0.21 `UserAgent`: sends with `Messager`, receives through the
 * user agent's `delegate.onMessage` (chaining any delegate already set, and restoring it on dispose).
 * Incoming MESSAGEs are answered 200 after the listeners ran, so a 2xx means "the client has it"
 * (RFC 3428 §7), which is what the service's "delivered" state relies on.
 */
import { Messager, UserAgent, type Message } from 'sip.js';
import type { IncomingResponse } from 'sip.js/lib/core';
import type { IncomingImMessage, MessagingTransport, SendResult } from './messaging-transport.js';
import { MESSAGE_SEQ_HEADER } from '../../../common/messaging-types.js';

function resultOf(response: IncomingResponse): SendResult {
  const message = response.message;
  const code = message.statusCode ?? 500;
  const retryRaw = message.getHeader('Retry-After');
  const retry = retryRaw === undefined ? NaN : parseInt(retryRaw, 10);
  const seqRaw = message.getHeader(MESSAGE_SEQ_HEADER);
  const seq = seqRaw === undefined ? NaN : parseInt(seqRaw, 10);
  return {
    code,
    ...(Number.isFinite(retry) && retry >= 0 ? { retryAfter: retry } : {}),
    ...(Number.isFinite(seq) && seq > 0 ? { seq } : {}),
  };
}

export interface SipJsMessagingTransport extends MessagingTransport {
  /** Puts back the user agent delegate's previous `onMessage`. */
  dispose(): void;
}

export function createSipJsMessagingTransport(ua: UserAgent): SipJsMessagingTransport {
  const listeners = new Set<(message: IncomingImMessage) => void>();
  const previous = ua.delegate?.onMessage;

  const onMessage = (message: Message): void => {
    const request = message.request;
    const incoming: IncomingImMessage = {
      fromUri: request.from.uri.toString(),
      contentType: request.getHeader('Content-Type') ?? '',
      body: request.body ?? '',
      header: (name) => request.getHeader(name),
    };
    try {
      for (const listener of [...listeners]) listener(incoming);
    } finally {
      void message.accept().catch(() => undefined);
    }
    previous?.call(ua.delegate, message);
  };
  ua.delegate = { ...ua.delegate, onMessage };

  return {
    sendMessage(targetUri, body, headers, contentType): Promise<SendResult> {
      const target = UserAgent.makeURI(targetUri);
      if (!target) return Promise.resolve({ code: 416 }); // Unsupported URI Scheme (RFC 3261 §21.4.16)
      const extraHeaders = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
      return new Promise<SendResult>((resolve) => {
        try {
          const messager = new Messager(ua, target, body, contentType, { extraHeaders });
          void messager.message({
            requestDelegate: {
              onAccept: (r) => resolve(resultOf(r)),
              onReject: (r) => resolve(resultOf(r)),
              onRedirect: (r) => resolve(resultOf(r)),
            },
          });
        } catch {
          // Not connected, or the transport refused the send: RFC 3261 §8.1.3.1 treats it as 503.
          resolve({ code: 503 });
        }
      });
    },
    onMessage(listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose(): void {
      if (ua.delegate?.onMessage === onMessage) ua.delegate = { ...ua.delegate, onMessage: previous };
      listeners.clear();
    },
  };
}
