/**
 * The abuse limits of the SIP room, from the environment (validated once at start, like config.ts).
 * Every default is far above what a small company does, even with all its phones behind one NAT address:
 *
 * | Variable                                   | Default | What happens past it |
 * |--------------------------------------------|---------|----------------------|
 * | `PARLEY_SIP_MAX_BINDINGS_PER_USER`         | 10      | REGISTER adding one more: 403 |
 * | `PARLEY_SIP_MAX_SUBSCRIPTIONS_PER_USER`    | 500     | new SUBSCRIBE: 403 |
 * | `PARLEY_SIP_MAX_CONNECTIONS_PER_SOURCE`    | 500     | further connections from the address refused |
 * | `PARLEY_SIP_MAX_MESSAGES_PER_SECOND`       | 1000    | the address is banned |
 * | `PARLEY_SIP_MAX_UNAUTHENTICATED_PER_SECOND`| 200     | the address is banned |
 * | `PARLEY_SIP_BAN_SECONDS`                   | 60      | how long a ban lasts |
 * | `PARLEY_SIP_SOURCE_LIMITS`                 | on      | `off`: no per-source limits or bans |
 * | `PARLEY_SIP_MAX_MESSAGE_BYTES`             | 65536   | 513 (frames over 4× that close the connection) |
 * | `PARLEY_SIP_MAX_HEADER_FIELDS`             | 256     | 400 |
 * | `PARLEY_SIP_MAX_HEADER_BYTES`              | 16384   | 513 |
 * | `PARLEY_SIP_MAX_NONCES`                    | 50000   | oldest digest nonce forgotten (its user gets `stale=true`) |
 * | `PARLEY_SIP_TRUSTED_PROXIES`               | loopback| proxies whose `X-Forwarded-For` names a WebSocket client (comma list, or `off`) |
 */
import type { SipServiceOptions } from './sip/sip-service-contract.js';
import { isIP } from 'node:net';
import { DEFAULT_SOURCE_LIMITS } from './sip/transport/source-guard.js';

/** Loopback: a TLS terminator on the same machine (README, SECURITY.md "Deploying"). */
export const DEFAULT_TRUSTED_PROXIES: readonly string[] = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

export type SipLimitSettings = Pick<
  SipServiceOptions,
  | 'sourceLimits'
  | 'maxBindingsPerUser'
  | 'maxSubscriptionsPerUser'
  | 'maxMessageBytes'
  | 'maxHeaderFields'
  | 'maxHeaderBytes'
  | 'maxNonces'
  | 'trustedProxies'
>;

/** @throws RangeError naming the variable when a value is not a positive whole number (or on/off). */
export function parseSipLimits(get: (name: string) => string | undefined): SipLimitSettings {
  const int = (name: string, fallback: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
      throw new RangeError(`${name} must be a whole number of at least 1 (got ${JSON.stringify(raw)})`);
    }
    return Number(raw);
  };
  const switchRaw = (get('PARLEY_SIP_SOURCE_LIMITS') ?? 'on').toLowerCase();
  if (switchRaw !== 'on' && switchRaw !== 'off') {
    throw new RangeError(`PARLEY_SIP_SOURCE_LIMITS must be on or off (got ${JSON.stringify(switchRaw)})`);
  }
  const d = DEFAULT_SOURCE_LIMITS;
  return {
    sourceLimits:
      switchRaw === 'off'
        ? false
        : {
            maxConnectionsPerSource: int('PARLEY_SIP_MAX_CONNECTIONS_PER_SOURCE', d.maxConnectionsPerSource),
            maxMessagesPerSecond: int('PARLEY_SIP_MAX_MESSAGES_PER_SECOND', d.maxMessagesPerSecond),
            maxUnauthenticatedPerSecond: int(
              'PARLEY_SIP_MAX_UNAUTHENTICATED_PER_SECOND',
              d.maxUnauthenticatedPerSecond,
            ),
            banSeconds: int('PARLEY_SIP_BAN_SECONDS', d.banSeconds),
          },
    maxBindingsPerUser: int('PARLEY_SIP_MAX_BINDINGS_PER_USER', 10),
    maxSubscriptionsPerUser: int('PARLEY_SIP_MAX_SUBSCRIPTIONS_PER_USER', 500),
    maxMessageBytes: int('PARLEY_SIP_MAX_MESSAGE_BYTES', 65_536),
    maxHeaderFields: int('PARLEY_SIP_MAX_HEADER_FIELDS', 256),
    maxHeaderBytes: int('PARLEY_SIP_MAX_HEADER_BYTES', 16_384),
    maxNonces: int('PARLEY_SIP_MAX_NONCES', 50_000),
    trustedProxies: parseProxies(get('PARLEY_SIP_TRUSTED_PROXIES')),
  };
}

function parseProxies(raw: string | undefined): readonly string[] {
  if (raw === undefined) return DEFAULT_TRUSTED_PROXIES;
  if (raw.toLowerCase() === 'off') return [];
  const list = raw.split(',').map((a) => a.trim());
  const bad = list.find((a) => isIP(a) === 0);
  if (bad !== undefined) {
    throw new RangeError(
      `PARLEY_SIP_TRUSTED_PROXIES must be IP addresses or off (got ${JSON.stringify(bad)})`,
    );
  }
  return list;
}
