/**
 * Service configuration: read once from the environment (and `--flag value` arguments), validated,
 * then passed down. Every default is safe: bind loopback, data in `./data`, no STUN.
 *
 * | variable                      | flag                 | default       |
 * |-------------------------------|----------------------|---------------|
 * | `PORT`                        | `--port`             | 8080 (0 = any free port) |
 * | `HOST`                        | `--host`             | 127.0.0.1     |
 * | `PARLEY_DATA_DIR`             | `--data-dir`         | ./data        |
 * | `PARLEY_DOMAIN`               | `--domain`           | localhost     |
 * | `PARLEY_ICE_SERVERS`          | `--ice-servers`      | [] (JSON array of RTCIceServer) |
 * | `PARLEY_NO_ANSWER_TIMEOUT_MS` | `--no-answer-timeout-ms` | 30000     |
 * | `PARLEY_PUBLIC_URL`           | `--public-url`       | (derived from the Host header) |
 * | `PARLEY_SIP_URL`              | `--sip-url`          | (public URL or Host header + /sip) |
 * | `PARLEY_WEB_ROOT`             | `--web-root`         | renderer/dist of this repository |
 * | `PARLEY_LOG_LEVEL`            | `--log-level`        | info          |
 * | `PARLEY_VOICEMAIL`            | `--voicemail`        | on (on/off: agent + divert of failed calls) |
 * | `PARLEY_ECHO`                 | `--echo`             | on (on/off: the echo test agent, echo@DOMAIN) |
 * | `PARLEY_SMTP_URL`             | `--smtp-url`         | (none: voicemails kept in the service only) |
 * | `PARLEY_DATABASE_URL`         | `--database-url`     | (none: SQLite `parley.db` in the data folder) |
 * | `PARLEY_SIP_UDP`              | `--sip-udp`          | HOST:5060 (`host:port` or `off`; port 0 when PORT is 0) |
 * | `PARLEY_SIP_TCP`              | `--sip-tcp`          | HOST:5060 (likewise) |
 * | `PARLEY_SIP_TLS`              | `--sip-tls`          | off (`host:port`; needs the two below) |
 * | `PARLEY_SIP_TLS_CERT`         | `--sip-tls-cert`     | (PEM certificate chain file) |
 * | `PARLEY_SIP_TLS_KEY`          | `--sip-tls-key`      | (PEM private key file) |
 * | `PARLEY_RTPENGINE`            | `--rtpengine`        | udp:127.0.0.1:2223 (rtpengine ng socket, or `off`) |
 * | `PARLEY_GATEWAY_FILE`         | `--gateway-file`     | (none: no phone calls; JSON/YAML, see gateway/gateway-config.ts) |
 * | `PARLEY_RATES_FILE`           | `--rates-file`       | (none: every destination unrated, refused) |
 * | `PARLEY_RECORDING`            | `--recording`        | off (`off` or `allowed`: call recording, recordings/) |
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ServiceConfig } from '../../common/api-types.js';
import type { LogLevel } from '../../common/logger.js';
import type { RecordingPolicy } from '../../common/recording-types.js';
import { parseRtpengineSetting, type RtpengineAddress } from './media-relay/rtpengine-address.js';
import { parseSipLimits, type SipLimitSettings } from './limits-config.js';
import { parseRecordingPolicy } from './recordings/recording-policy.js';

export type IceServer = ServiceConfig['iceServers'][number];

export interface ParleyConfig {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the folder holding `parley.db`. */
  readonly dataDir: string;
  /** SIP domain and digest realm. */
  readonly domain: string;
  readonly iceServers: readonly IceServer[];
  readonly noAnswerTimeoutMs: number;
  /** e.g. `https://parley.example.com`: the address clients use when the service sits behind a proxy. */
  readonly publicUrl?: string;
  /** Overrides the `sipUrl` handed to clients (e.g. a Kamailio WebSocket listener). */
  readonly sipUrl?: string;
  /** Folder of the built web client; `undefined` means `renderer/dist` of this repository. */
  readonly webRoot?: string;
  readonly logLevel: LogLevel;
  /**
   * Voicemail (issue 6): run the agent and send unanswered/busy/declined/offline calls to it.
   * `parseConfig` defaults to true; a configuration built by hand without it has no voicemail.
   */
  readonly voicemail?: boolean;
  /** Call recording (issue 16): `allowed`, or `off` (the default, also when absent). */
  readonly recording?: RecordingPolicy;
  /**
   * The echo test agent (issue 12, "Check my setup"). `parseConfig` defaults to true; a configuration
   * built by hand without it has none.
   */
  readonly echo?: boolean;
  /** `smtp://` or `smtps://` URL voicemails are mailed through; without it they stay in the service store. */
  readonly smtpUrl?: string;
  /** `postgres://user:pass@host:port/db`: PostgreSQL instead of the embedded SQLite file. */
  readonly databaseUrl?: string;
  /** Plain SIP listeners (RFC 3261 §18); absent = not opened (a configuration built by hand has none). */
  readonly sipUdp?: SipListenAddress;
  readonly sipTcp?: SipListenAddress;
  /** SIP over TLS; `cert`/`key` are PEM file paths. */
  readonly sipTls?: SipListenAddress & { readonly cert: string; readonly key: string };
  /**
   * rtpengine's ng control socket: the media relay for calls between WebRTC and plain RTP phones.
   * Absent = no relay (such calls get 488); `parseConfig` defaults to udp:127.0.0.1:2223.
   */
  readonly rtpengine?: RtpengineAddress;
  /** PSTN gateway (issue 11): trunks, DIDs, guards (absolute path); absent = no phone calls. */
  readonly gatewayFile?: string;
  /** The rates CSV (absolute path); absent = every destination unrated. */
  readonly ratesFile?: string;
  /** Abuse limits of the SIP room (limits-config.ts: `PARLEY_SIP_MAX_*`); absent = the SIP room's defaults. */
  readonly sipLimits?: SipLimitSettings;
}

export interface SipListenAddress {
  readonly host: string;
  readonly port: number;
}

/** A setting that cannot be used; `message` is one line naming the setting and what is wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const FLAGS: Readonly<Record<string, string>> = {
  '--port': 'PORT',
  '--host': 'HOST',
  '--data-dir': 'PARLEY_DATA_DIR',
  '--domain': 'PARLEY_DOMAIN',
  '--ice-servers': 'PARLEY_ICE_SERVERS',
  '--no-answer-timeout-ms': 'PARLEY_NO_ANSWER_TIMEOUT_MS',
  '--public-url': 'PARLEY_PUBLIC_URL',
  '--sip-url': 'PARLEY_SIP_URL',
  '--web-root': 'PARLEY_WEB_ROOT',
  '--log-level': 'PARLEY_LOG_LEVEL',
  '--voicemail': 'PARLEY_VOICEMAIL',
  '--echo': 'PARLEY_ECHO',
  '--smtp-url': 'PARLEY_SMTP_URL',
  '--database-url': 'PARLEY_DATABASE_URL',
  '--sip-udp': 'PARLEY_SIP_UDP',
  '--rtpengine': 'PARLEY_RTPENGINE',
  '--sip-tcp': 'PARLEY_SIP_TCP',
  '--sip-tls': 'PARLEY_SIP_TLS',
  '--sip-tls-cert': 'PARLEY_SIP_TLS_CERT',
  '--sip-tls-key': 'PARLEY_SIP_TLS_KEY',
  '--gateway-file': 'PARLEY_GATEWAY_FILE',
  '--rates-file': 'PARLEY_RATES_FILE',
  '--recording': 'PARLEY_RECORDING',
};

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * Parses and validates the configuration. Flags (`--port 0` or `--port=0`) win over the environment.
 * @throws ConfigError with a one-line reason.
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[] = [],
  cwd: string = process.cwd(),
): ParleyConfig {
  const values: Record<string, string | undefined> = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const name = FLAGS[flag];
    if (name === undefined) throw new ConfigError(`unknown argument ${JSON.stringify(arg)}`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new ConfigError(`${flag} needs a value`);
    values[name] = value;
  }
  const get = (name: string): string | undefined => {
    const v = values[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  const config: ParleyConfig = {
    port: parsePort(get('PORT')),
    host: parseHost(get('HOST')),
    dataDir: path.resolve(cwd, get('PARLEY_DATA_DIR') ?? 'data'),
    domain: parseDomain(get('PARLEY_DOMAIN')),
    iceServers: parseIceServers(get('PARLEY_ICE_SERVERS')),
    noAnswerTimeoutMs: parseTimeout(get('PARLEY_NO_ANSWER_TIMEOUT_MS')),
    logLevel: parseLogLevel(get('PARLEY_LOG_LEVEL')),
    voicemail: parseSwitch('PARLEY_VOICEMAIL', get('PARLEY_VOICEMAIL'), true),
    echo: parseSwitch('PARLEY_ECHO', get('PARLEY_ECHO'), true),
    recording: parseRecording(get('PARLEY_RECORDING')),
  };
  const smtpUrl = get('PARLEY_SMTP_URL');
  const publicUrl = get('PARLEY_PUBLIC_URL');
  const sipUrl = get('PARLEY_SIP_URL');
  const webRoot = get('PARLEY_WEB_ROOT');
  const databaseUrl = get('PARLEY_DATABASE_URL');
  // The SIP port follows PORT=0 (tests, several instances): any free port rather than 5060.
  const sipDefault = { host: config.host, port: config.port === 0 ? 0 : 5060 };
  const sipUdp = parseSipListen('PARLEY_SIP_UDP', get('PARLEY_SIP_UDP'), sipDefault);
  const sipTcp = parseSipListen('PARLEY_SIP_TCP', get('PARLEY_SIP_TCP'), sipDefault);
  const sipTls = parseSipTls(
    get('PARLEY_SIP_TLS'),
    get('PARLEY_SIP_TLS_CERT'),
    get('PARLEY_SIP_TLS_KEY'),
    cwd,
  );
  const rtpengine = parseRtpengine(get('PARLEY_RTPENGINE'));
  const gatewayFile = get('PARLEY_GATEWAY_FILE');
  const ratesFile = get('PARLEY_RATES_FILE');
  let sipLimits: SipLimitSettings;
  try {
    sipLimits = parseSipLimits(get);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    ...config,
    sipLimits,
    ...(gatewayFile === undefined ? {} : { gatewayFile: path.resolve(cwd, gatewayFile) }),
    ...(ratesFile === undefined ? {} : { ratesFile: path.resolve(cwd, ratesFile) }),
    ...(rtpengine ? { rtpengine } : {}),
    ...(sipUdp ? { sipUdp } : {}),
    ...(sipTcp ? { sipTcp } : {}),
    ...(sipTls ? { sipTls } : {}),
    ...(publicUrl === undefined
      ? {}
      : { publicUrl: parseUrl('PARLEY_PUBLIC_URL', publicUrl, ['http:', 'https:']) }),
    ...(sipUrl === undefined ? {} : { sipUrl: parseUrl('PARLEY_SIP_URL', sipUrl, ['ws:', 'wss:']) }),
    ...(webRoot === undefined ? {} : { webRoot: path.resolve(cwd, webRoot) }),
    ...(smtpUrl === undefined
      ? {}
      : { smtpUrl: parseUrl('PARLEY_SMTP_URL', smtpUrl, ['smtp:', 'smtps:'], { secret: true }) }),
    ...(databaseUrl === undefined
      ? {}
      : {
          databaseUrl: parseUrl('PARLEY_DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:'], {
            secret: true,
          }),
        }),
  };
}

function parseRtpengine(raw: string | undefined): RtpengineAddress | undefined {
  try {
    return parseRtpengineSetting(raw);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** `host:port`, `[v6]:port` or `off`. */
function parseSipListen(
  name: string,
  raw: string | undefined,
  fallback: SipListenAddress | undefined,
): SipListenAddress | undefined {
  if (raw === undefined) return fallback;
  if (raw.toLowerCase() === 'off') return undefined;
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(raw);
  if (!m || Number(m[2]) > 65535) {
    throw new ConfigError(`${name} must be host:port or off, got ${JSON.stringify(raw)}`);
  }
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

function parseSipTls(
  raw: string | undefined,
  cert: string | undefined,
  key: string | undefined,
  cwd: string,
): (SipListenAddress & { cert: string; key: string }) | undefined {
  const where = parseSipListen('PARLEY_SIP_TLS', raw, undefined);
  if (!where) return undefined;
  if (cert === undefined || key === undefined) {
    throw new ConfigError('PARLEY_SIP_TLS needs PARLEY_SIP_TLS_CERT and PARLEY_SIP_TLS_KEY (PEM files)');
  }
  const files = { cert: path.resolve(cwd, cert), key: path.resolve(cwd, key) };
  for (const [name, file] of [
    ['PARLEY_SIP_TLS_CERT', files.cert],
    ['PARLEY_SIP_TLS_KEY', files.key],
  ] as const) {
    if (!fs.existsSync(file)) throw new ConfigError(`${name}: no such file ${JSON.stringify(file)}`);
  }
  return { ...where, ...files };
}

function parseRecording(raw: string | undefined): RecordingPolicy {
  try {
    return parseRecordingPolicy(raw);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function parseSwitch(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(value)) return true;
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(`${name} must be on or off, got ${JSON.stringify(raw)}`);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 8080;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

function parseHost(raw: string | undefined): string {
  if (raw === undefined) return '127.0.0.1';
  // A host name, IPv4 or IPv6 literal: no spaces, slashes or schemes.
  if (!/^[A-Za-z0-9.:_-]+$/.test(raw) || raw.length > 253) {
    throw new ConfigError(`HOST must be a host name or IP address, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

function parseDomain(raw: string | undefined): string {
  if (raw === undefined) return 'localhost';
  const domain = raw.toLowerCase();
  const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  if (domain.length > 64 || !domain.split('.').every((part) => label.test(part))) {
    throw new ConfigError(
      `PARLEY_DOMAIN must be a DNS name of at most 64 characters, got ${JSON.stringify(raw)}`,
    );
  }
  return domain;
}

function parseIceServers(raw: string | undefined): IceServer[] {
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('PARLEY_ICE_SERVERS must be a JSON array, e.g. [{"urls":"stun:stun.example.com"}]');
  }
  if (!Array.isArray(parsed)) throw new ConfigError('PARLEY_ICE_SERVERS must be a JSON array');
  return parsed.map((entry: unknown, i): IceServer => {
    const where = `PARLEY_ICE_SERVERS[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw new ConfigError(`${where} must be an object`);
    const { urls, username, credential } = entry as Record<string, unknown>;
    const urlList = typeof urls === 'string' ? [urls] : urls;
    if (
      !Array.isArray(urlList) ||
      urlList.length === 0 ||
      !urlList.every((u) => typeof u === 'string' && /^(stun|stuns|turn|turns):/.test(u))
    ) {
      throw new ConfigError(`${where}.urls must be a stun:/turn: URL or a non-empty array of them`);
    }
    if (username !== undefined && typeof username !== 'string')
      throw new ConfigError(`${where}.username must be a string`);
    if (credential !== undefined && typeof credential !== 'string') {
      throw new ConfigError(`${where}.credential must be a string`);
    }
    return {
      urls: typeof urls === 'string' ? urls : (urlList as string[]),
      ...(username === undefined ? {} : { username }),
      ...(credential === undefined ? {} : { credential }),
    };
  });
}

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return 30_000;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 100 || Number(raw) > 600_000) {
    throw new ConfigError(
      `PARLEY_NO_ANSWER_TIMEOUT_MS must be an integer from 100 to 600000, got ${JSON.stringify(raw)}`,
    );
  }
  return Number(raw);
}

function parseLogLevel(raw: string | undefined): LogLevel {
  if (raw === undefined) return 'info';
  const level = raw.toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    throw new ConfigError(
      `PARLEY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return level;
}

function parseUrl(
  name: string,
  raw: string,
  protocols: readonly string[],
  /** `secret`: the URL may carry credentials: never echoed, kept exactly as given. */
  options: { readonly secret?: boolean } = {},
): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Never echo a URL that may hold credentials (PARLEY_SMTP_URL).
    throw new ConfigError(
      options.secret
        ? `${name} must be an absolute URL`
        : `${name} must be an absolute URL, got ${JSON.stringify(raw)}`,
    );
  }
  if (options.secret) {
    if (!protocols.includes(url.protocol) || url.hostname === '') {
      const got = url.protocol === '' ? '' : ` (got ${url.protocol}//)`;
      throw new ConfigError(
        `${name} must be ${protocols.map((p) => p + '//host[:port]').join(' or ')}${got}`,
      );
    }
    return raw;
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
  }
  return raw.replace(/\/+$/, '');
}
