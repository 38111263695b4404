/**
 * What a client transaction tells the layer above it (RFC 3261 §17.1): responses, a timeout (Timer
 * B/F fired: the TU treats it as a 408, §8.1.3.1) and a transport error (treated as a 503, §8.1.3.1).
 */
import type { ParsedResponse } from '../message/parse-message.js';

export interface ClientTransactionUser {
  onResponse(response: ParsedResponse): void;
  onTimeout(): void;
  onTransportError(): void;
}

export interface ClientTransaction {
  /** Our Via branch. */
  readonly id: string;
  readonly method: string;
  receiveResponse(response: ParsedResponse): void;
  terminate(): void;
}
