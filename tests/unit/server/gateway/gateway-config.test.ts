import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GatewayConfigError,
  loadGatewayFile,
  validateGatewayConfig,
} from '../../../../server/src/gateway/gateway-config.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../../deploy/gateway.example.json');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-gw-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const base = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
const withTrunk = (patch: Record<string, unknown>): Record<string, unknown> => {
  const b = base();
  const trunks = b['trunks'] as Record<string, unknown>[];
  return { ...b, trunks: [{ ...trunks[0], ...patch }] };
};

describe('gateway file', () => {
  it('reads the shipped example: one UDP trunk without credentials or REGISTER, home US, DID for alice', () => {
    const config = loadGatewayFile(EXAMPLE);
    expect(config.homeCountry).toBe('US');
    expect(config.trunks).toEqual([
      {
        name: 'carrier',
        host: '127.0.0.1',
        port: 5090,
        transport: 'udp',
        register: false,
        callerId: '+15550100',
        priority: 1,
        maxConcurrentCalls: 10,
      },
    ]);
    expect(config.dids).toEqual([{ number: '+15550100', user: 'alice' }]);
    expect(config.blockPremium).toBe(true);
    expect(config.blockedPrefixes).toContain('1900');
  });

  it('reads YAML with host/port fields, credentials, and sorts trunks by priority', () => {
    const file = path.join(dir, 'gateway.yaml');
    fs.writeFileSync(
      file,
      [
        'homeCountry: gb',
        'dailyLimit: "5.00"',
        'trunks:',
        '  - { name: backup, host: 10.0.0.2, port: 5080, transport: tcp, callerId: "+442079460000", priority: 20 }',
        '  - name: main',
        '    uri: sips:carrier.example',
        '    username: parley',
        '    password: s3cret',
        '    register: true',
        '    callerId: "+442079460000"',
        '    priority: 10',
      ].join('\n'),
    );
    const config = loadGatewayFile(file);
    expect(config.homeCountry).toBe('GB');
    expect(config.dailyLimitMicros).toBe(5_000_000);
    expect(config.trunks.map((t) => [t.name, t.host, t.port, t.transport, t.register])).toEqual([
      ['main', 'carrier.example', 5061, 'tls', true],
      ['backup', '10.0.0.2', 5080, 'tcp', false],
    ]);
    expect(config.trunks[0]).toMatchObject({ username: 'parley', password: 's3cret' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'port out of range',
      withTrunk({ uri: undefined, host: '127.0.0.1', port: 70000 }),
      'gateway file: trunks[0].port must be 1-65535',
    ],
    [
      'port in the URI',
      withTrunk({ uri: 'sip:127.0.0.1:0' }),
      'gateway file: trunks[0].port must be 1-65535',
    ],
    [
      'caller ID',
      withTrunk({ callerId: '5550100' }),
      'gateway file: trunks[0].callerId must be an E.164 number',
    ],
    [
      'transport',
      withTrunk({ uri: 'sip:x;transport=sctp' }),
      'gateway file: trunks[0].uri transport must be udp, tcp or tls',
    ],
    [
      'half credentials',
      withTrunk({ username: 'u' }),
      'gateway file: trunks[0].password is needed with the other one',
    ],
    ['typo', withTrunk({ regster: true }), 'gateway file: trunks[0].regster is not a known field'],
    ['home country', { ...base(), homeCountry: 'XX' }, 'gateway file: homeCountry must be an ISO 3166-1'],
    ['no trunk', { ...base(), trunks: [] }, 'gateway file: trunks must list at least one trunk'],
    [
      'DID user',
      { ...base(), dids: [{ number: '+15550100', user: '1x' }] },
      'gateway file: dids[0].user must be a Parley username',
    ],
    [
      'blocked prefix',
      { ...base(), blockedPrefixes: ['1900'] },
      'gateway file: blockedPrefixes[0] must be an E.164 prefix',
    ],
    ['max call', { ...base(), maxCallSeconds: 0 }, 'gateway file: maxCallSeconds must be 1-86400'],
    ['daily limit', { ...base(), dailyLimit: 'lots' }, 'gateway file: dailyLimit must be a decimal amount'],
  ])('refuses %s with one line naming the field', (_what, raw, message) => {
    const json = JSON.parse(JSON.stringify(raw)) as unknown; // drops undefined fields like a file would
    expect(() => validateGatewayConfig(json)).toThrow(GatewayConfigError);
    expect(() => validateGatewayConfig(json)).toThrow(message);
  });

  it('names a file that is not JSON or YAML, or missing', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ "homeCountry": ');
    expect(() => loadGatewayFile(bad)).toThrow(/^gateway file: .*bad\.json is not valid JSON: /);
    expect(() => loadGatewayFile(path.join(dir, 'none.json'))).toThrow(
      /gateway file: cannot read .*none\.json \(ENOENT\)/,
    );
  });
});
