/**
 * The gateway file (`PARLEY_GATEWAY_FILE`, JSON or YAML — chosen by the `.yaml`/`.yml` extension) read
 * and validated into a `GatewayConfig`. A file that cannot be used fails with ONE line naming the field,
 * e.g. `gateway file: trunks[0].port must be 1-65535`. Unknown fields are refused too (typos would
 * otherwise silently weaken a guard).
 *
 * Schema (defaults in brackets):
 * ```yaml
 * homeCountry: US              # ISO 3166-1 alpha-2: the country of national numbers ("020 …")
 * maxCallSeconds: 3600         # [3600] longest phone call, 1-86400
 * maxCallsPerUser: 2           # [2] phone calls one user may have at once, 1-100
 * dailyLimit: "5.00"           # [none] spend cap per user per UTC day, in the rates' currency; a
 *                              #   user's own limit (admin command) wins over it
 * blockPremium: true           # [true] refuse numbers libphonenumber types PREMIUM_RATE
 * blockedPrefixes: ["+1900"]   # [[]] E.164 prefixes refused whatever the rates say
 * trunks:                      # at least one; tried by ascending priority
 *   - name: carrier            # [a-z0-9._-]{1,32}, unique
 *     uri: sip:127.0.0.1:5090;transport=udp   # or host/port/transport fields
 *     username: parley         # [none] digest credentials, both or neither
 *     password: secret
 *     register: false          # [false] REGISTER to the carrier (RFC 3261 §10)
 *     callerId: "+15550100"    # E.164 caller ID presented to the carrier
 *     priority: 1              # [100] lower first
 *     maxConcurrentCalls: 10   # [10] 1-10000
 * dids:                        # [[]] numbers the phone network reaches us on
 *   - number: "+15550100"      # E.164
 *     user: alice              # the Parley user it rings
 * ```
 */
import fs from 'node:fs';
import { isSupportedCountry } from 'libphonenumber-js/min';
import YAML from 'yaml';
import { isE164 } from '../../../common/phone-number.js';
import { checkUsername } from '../../../common/username-rules.js';
import { parseMoney } from './money.js';
import type { Did, GatewayConfig, Trunk } from './gateway-policy.js';

/** The file's settings beyond the contract's `GatewayConfig`. */
export interface GatewaySettings extends GatewayConfig {
  readonly maxCallsPerUser: number;
  /** Micro-units; undefined = no cap unless the user has one. */
  readonly dailyLimitMicros?: number;
  readonly blockPremium: boolean;
  /** Digits after `+`. */
  readonly blockedPrefixes: readonly string[];
}

/** A gateway file that cannot be used; `message` is one line naming the field. */
export class GatewayConfigError extends Error {
  override readonly name = 'GatewayConfigError';
}

type Json = Record<string, unknown>;

const fail = (field: string, problem: string): never => {
  throw new GatewayConfigError(`gateway file: ${field} ${problem}`);
};

function object(value: unknown, field: string, known: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'must be an object');
  const obj = value as Json;
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) fail(field === '' ? key : `${field}.${key}`, 'is not a known field');
  }
  return obj;
}

function integer(value: unknown, field: string, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return fail(field, `must be ${min}-${max}`);
  }
  return value;
}

function string(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, 'must be a non-empty string');
  return value.trim();
}

function e164(value: unknown, field: string): string {
  const text = typeof value === 'number' ? `+${value}` : value;
  if (typeof text !== 'string' || !isE164(text.trim())) {
    return fail(field, 'must be an E.164 number such as "+15550100"');
  }
  return text.trim();
}

function list(value: unknown, field: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail(field, 'must be a list');
  return value;
}

const TRUNK_FIELDS = [
  'name',
  'uri',
  'host',
  'port',
  'transport',
  'username',
  'password',
  'register',
  'callerId',
  'priority',
  'maxConcurrentCalls',
];

/** `sip:host[:port][;transport=udp|tcp|tls]` (RFC 3261 §19.1.1); `sips:` means TLS on 5061. */
function trunkAddress(t: Json, at: string): Pick<Trunk, 'host' | 'port' | 'transport'> {
  if (t['uri'] !== undefined) {
    if (t['host'] !== undefined || t['port'] !== undefined || t['transport'] !== undefined) {
      fail(`${at}.uri`, 'and host/port/transport are exclusive');
    }
    const uri = string(t['uri'], `${at}.uri`);
    const m = /^(sips?):(?:[^@;]*@)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d+))?((?:;[^;]*)*)$/.exec(uri);
    if (!m) return fail(`${at}.uri`, 'must be a SIP URI such as "sip:carrier.example:5060;transport=udp"');
    const secure = m[1] === 'sips';
    const param = /;transport=([a-z]+)/i.exec(m[4] ?? '')?.[1]?.toLowerCase();
    const transport = param ?? (secure ? 'tls' : 'udp');
    if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls') {
      fail(`${at}.uri`, 'transport must be udp, tcp or tls');
    }
    const port = m[3] === undefined ? (transport === 'tls' ? 5061 : 5060) : Number(m[3]);
    if (port < 1 || port > 65535) fail(`${at}.port`, 'must be 1-65535');
    return {
      host: (m[2] ?? '').replace(/^\[|\]$/g, ''),
      port,
      transport: transport as Trunk['transport'],
    };
  }
  const host = string(t['host'], `${at}.host`);
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) fail(`${at}.host`, 'must be a host name or IP address');
  const transport = t['transport'] ?? 'udp';
  if (transport !== 'udp' && transport !== 'tcp' && transport !== 'tls') {
    fail(`${at}.transport`, 'must be udp, tcp or tls');
  }
  const port = integer(t['port'], `${at}.port`, 1, 65535, transport === 'tls' ? 5061 : 5060);
  return { host, port, transport: transport as Trunk['transport'] };
}

function trunk(value: unknown, i: number): Trunk {
  const at = `trunks[${i}]`;
  const t = object(value, at, TRUNK_FIELDS);
  const name = string(t['name'], `${at}.name`);
  if (!/^[a-z0-9._-]{1,32}$/.test(name)) fail(`${at}.name`, 'must be 1-32 of a-z 0-9 . _ -');
  const username = t['username'] === undefined ? undefined : string(t['username'], `${at}.username`);
  const password = t['password'] === undefined ? undefined : string(t['password'], `${at}.password`);
  if ((username === undefined) !== (password === undefined)) {
    fail(`${at}.${username === undefined ? 'username' : 'password'}`, 'is needed with the other one');
  }
  const register = t['register'] ?? false;
  if (typeof register !== 'boolean') fail(`${at}.register`, 'must be true or false');
  return {
    name,
    ...trunkAddress(t, at),
    ...(username === undefined ? {} : { username, password: password as string }),
    register: register as boolean,
    callerId: e164(t['callerId'], `${at}.callerId`),
    priority: integer(t['priority'], `${at}.priority`, 0, 1_000_000, 100),
    maxConcurrentCalls: integer(t['maxConcurrentCalls'], `${at}.maxConcurrentCalls`, 1, 10_000, 10),
  };
}

function did(value: unknown, i: number): Did {
  const at = `dids[${i}]`;
  const d = object(value, at, ['number', 'user']);
  const check = checkUsername(d['user']);
  if (!check.ok) fail(`${at}.user`, 'must be a Parley username');
  return { number: e164(d['number'], `${at}.number`), user: check.username };
}

const TOP_FIELDS = [
  'homeCountry',
  'maxCallSeconds',
  'maxCallsPerUser',
  'dailyLimit',
  'blockPremium',
  'blockedPrefixes',
  'trunks',
  'dids',
];

/** Validates parsed JSON/YAML. @throws GatewayConfigError (one line). */
export function validateGatewayConfig(raw: unknown): GatewaySettings {
  const top = object(raw, '', TOP_FIELDS);
  const homeCountry = string(top['homeCountry'], 'homeCountry').toUpperCase();
  if (!isSupportedCountry(homeCountry))
    fail('homeCountry', 'must be an ISO 3166-1 alpha-2 code such as "US"');
  let dailyLimitMicros: number | undefined;
  if (top['dailyLimit'] !== undefined) {
    const text = typeof top['dailyLimit'] === 'number' ? String(top['dailyLimit']) : top['dailyLimit'];
    dailyLimitMicros = typeof text === 'string' ? parseMoney(text) : undefined;
    if (dailyLimitMicros === undefined) fail('dailyLimit', 'must be a decimal amount such as "5.00"');
  }
  const blockPremium = top['blockPremium'] ?? true;
  if (typeof blockPremium !== 'boolean') fail('blockPremium', 'must be true or false');
  const blockedPrefixes = list(top['blockedPrefixes'], 'blockedPrefixes').map((p, i) => {
    if (typeof p !== 'string' || !/^\+[1-9]\d{0,14}$/.test(p.trim())) {
      return fail(`blockedPrefixes[${i}]`, 'must be an E.164 prefix such as "+1900"');
    }
    return p.trim().slice(1);
  });
  const trunkList = list(top['trunks'], 'trunks');
  if (trunkList.length === 0) fail('trunks', 'must list at least one trunk');
  const trunks = trunkList.map(trunk);
  const names = new Set<string>();
  trunks.forEach((t, i) => {
    if (names.has(t.name)) fail(`trunks[${i}].name`, `repeats "${t.name}"`);
    names.add(t.name);
  });
  const dids = list(top['dids'], 'dids').map(did);
  const numbers = new Set<string>();
  dids.forEach((d, i) => {
    if (numbers.has(d.number)) fail(`dids[${i}].number`, `repeats ${d.number}`);
    numbers.add(d.number);
  });
  return {
    homeCountry,
    // Stable: equal priorities keep the file's order.
    trunks: trunks
      .map((t, i) => ({ t, i }))
      .sort((a, b) => a.t.priority - b.t.priority || a.i - b.i)
      .map((x) => x.t),
    dids,
    maxCallSeconds: integer(top['maxCallSeconds'], 'maxCallSeconds', 1, 86_400, 3600),
    maxCallsPerUser: integer(top['maxCallsPerUser'], 'maxCallsPerUser', 1, 100, 2),
    ...(dailyLimitMicros === undefined ? {} : { dailyLimitMicros }),
    blockPremium: blockPremium as boolean,
    blockedPrefixes,
  };
}

/** Reads and validates the file. @throws GatewayConfigError (one line). */
export function loadGatewayFile(file: string): GatewaySettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new GatewayConfigError(
      `gateway file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (error) {
    const first = (error as Error).message.split('\n')[0] ?? '';
    throw new GatewayConfigError(
      `gateway file: ${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${first}`,
    );
  }
  return validateGatewayConfig(raw);
}
