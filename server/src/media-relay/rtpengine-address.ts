/**
 * `PARLEY_RTPENGINE`: where rtpengine's ng control socket listens, as `udp:HOST:PORT`
 * (`udp:[::1]:2223` for IPv6), or `off` for no relay. The config module calls
 * {@link parseRtpengineSetting}; the ng client takes the parsed address.
 */
import net from 'node:net';

export interface RtpengineAddress {
  readonly host: string;
  readonly port: number;
}

/** The address `npm start`'s rtpengine (deploy/rtpengine/rtpengine.conf) listens on. */
export const DEFAULT_RTPENGINE: RtpengineAddress = { host: '127.0.0.1', port: 2223 };

/** `udp:127.0.0.1:2223` */
export function formatRtpengineAddress(address: RtpengineAddress): string {
  const host = net.isIPv6(address.host) ? `[${address.host}]` : address.host;
  return `udp:${host}:${address.port}`;
}

/**
 * Parses the setting. Unset or empty → the default; `off` → `undefined` (no relay: calls between
 * WebRTC and plain phones are refused with 488).
 * @throws Error with a one-line message naming the setting (the config module wraps it as ConfigError).
 */
export function parseRtpengineSetting(value: string | undefined): RtpengineAddress | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return DEFAULT_RTPENGINE;
  if (text.toLowerCase() === 'off') return undefined;
  const match = /^udp:(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):([0-9]{1,5})$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (match === null || host === undefined) {
    throw new Error(
      `PARLEY_RTPENGINE must be udp:HOST:PORT (e.g. udp:127.0.0.1:2223) or off, got ${JSON.stringify(text)}`,
    );
  }
  if (match[1] !== undefined && !net.isIPv6(host)) {
    throw new Error(`PARLEY_RTPENGINE: ${JSON.stringify(host)} is not an IPv6 address`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PARLEY_RTPENGINE: port must be 1-65535, got ${match[3]}`);
  }
  return { host, port };
}
