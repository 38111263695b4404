/**
 * What a digest nonce is bound to (nonce.ts): the client's flow (RFC 5626 §3). A connection (WebSocket,
 * TCP, TLS) is its own scope; a datagram client is known by its source address and transport only (a
 * NAT may change its source port between requests, RFC 3581 §1).
 */
import type { Flow } from '../../transport/flow.js';

export function flowScope(flow: Pick<Flow, 'id' | 'transport' | 'remote'>): string {
  return flow.transport === 'UDP' ? `UDP ${flow.remote.address}` : `${flow.transport} ${flow.id}`;
}
