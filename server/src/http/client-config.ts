/**
 * `GET /api/config`: what any client needs to configure itself (plain SIP phones: `sipListeners`). `sipUrl` is, in order: the configured
 * override (e.g. a Kamailio listener); the public URL with `/sip` (behind a reverse proxy); the Host
 * header the client used, so a client on the LAN gets an address it can reach; the bound address.
 */
import type { ServiceConfig } from '../../../common/api-types.js';
import type { RecordingPolicy } from '../../../common/recording-types.js';
import type { IceServer } from '../config.js';

export interface ClientConfigOptions {
  readonly domain: string;
  readonly iceServers: readonly IceServer[];
  readonly publicUrl?: string;
  readonly sipUrl?: string;
  /** SIP URIs of the bound UDP/TCP/TLS listeners (listed for plain SIP phones). */
  readonly sipListeners?: () => readonly string[];
  /** The administrator's call-recording policy (absent = off). */
  readonly recording?: RecordingPolicy;
}

/** host, host:port, IPv4 or [IPv6]:port: nothing that could inject a path or another scheme. */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function sipUrlFor(
  options: ClientConfigOptions,
  hostHeader: string | undefined,
  fallbackHost: string,
): string {
  if (options.sipUrl !== undefined) return options.sipUrl;
  if (options.publicUrl !== undefined) {
    const url = new URL(options.publicUrl);
    const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${url.host}${url.pathname.replace(/\/+$/, '')}/sip`;
  }
  const host = hostHeader !== undefined && HOST_HEADER.test(hostHeader) ? hostHeader : fallbackHost;
  return `ws://${host}/sip`;
}

export function clientConfig(
  options: ClientConfigOptions,
  hostHeader: string | undefined,
  fallbackHost: string,
): ServiceConfig {
  return {
    domain: options.domain,
    sipUrl: sipUrlFor(options, hostHeader, fallbackHost),
    iceServers: options.iceServers,
    sipListeners: options.sipListeners?.() ?? [],
    recording: options.recording ?? 'off',
  };
}
