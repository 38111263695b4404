/**
 * Plain SIP listeners (RFC 3261 §18): which ones to open and what they became once bound.
 */

export type ListenerProtocol = 'udp' | 'tcp' | 'tls';

export interface ListenerSpec {
  readonly protocol: ListenerProtocol;
  /** Address to bind, e.g. `127.0.0.1`, `0.0.0.0`, `::`. */
  readonly host: string;
  /** Port to bind; 0 picks a free one (tests). */
  readonly port: number;
  /** PEM certificate chain and key, for `tls`. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

export interface SipListenerInfo {
  readonly protocol: ListenerProtocol;
  readonly host: string;
  readonly port: number;
  /** What clients put in their configuration, e.g. `sip:127.0.0.1:5060;transport=udp` or `sips:...`. */
  readonly uri: string;
}

/** The address a client uses for a bound host: loopback for wildcard binds, brackets for IPv6. */
export function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function listenerUri(protocol: ListenerProtocol, host: string, port: number): string {
  const scheme = protocol === 'tls' ? 'sips' : 'sip';
  return `${scheme}:${reachableHost(host)}:${port};transport=${protocol}`;
}
